import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { FindingEvidenceService } from './finding-evidence.service';
import { WorkingPaperAdapter } from './working-paper.adapter';
import { WorkingPaperAttachments } from './working-paper-attachments';
import { WorkingPaperRepository } from './working-paper.repository';
import { WorkingPapersController } from './working-papers.controller';
import { WorkingPapersService } from './working-papers.service';

/**
 * 工作底稿 on the engine and 依据 of findings: the adapter registers the lifecycle, WorkingPaperAttachments the files'
 * policy with the attachments' registry; the routes serve the papers.
 */
@Module({
  imports: [EvaluationsModule, AttachmentsModule],
  controllers: [WorkingPapersController],
  providers: [WorkingPaperRepository, WorkingPaperAdapter, WorkingPapersService, FindingEvidenceService, WorkingPaperAttachments],
  exports: [WorkingPapersService],
})
export class WorkingPapersModule {}
