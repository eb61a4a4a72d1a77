import { Module } from '@nestjs/common';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { FindingEvidenceService } from './finding-evidence.service';
import { WorkingPaperAdapter } from './working-paper.adapter';
import { WorkingPaperRepository } from './working-paper.repository';
import { WorkingPapersController } from './working-papers.controller';
import { WorkingPapersService } from './working-papers.service';

/** 工作底稿 on the engine and 依据 of findings: the adapter registers the lifecycle; the routes serve the papers. */
@Module({
  imports: [EvaluationsModule],
  controllers: [WorkingPapersController],
  providers: [WorkingPaperRepository, WorkingPaperAdapter, WorkingPapersService, FindingEvidenceService],
  exports: [WorkingPapersService],
})
export class WorkingPapersModule {}
