import { Module } from '@nestjs/common';
import { FrameworksModule } from '../frameworks/frameworks.module';
import { EvaluationAdapter } from './evaluation.adapter';
import { EvaluationSnapshots } from './evaluation-snapshots';
import { EvaluationTransitionsService } from './evaluation-transitions.service';
import { EvaluationWorkController } from './evaluation-work.controller';
import { EvaluationWorkService } from './evaluation-work.service';
import { FindingsService } from './findings.service';
import { IndicatorEntriesService } from './indicator-entries.service';
import { SelfEvaluationWorkService } from './self-evaluation-work.service';
import { EvaluationRepository } from './evaluation.repository';
import { EvaluationsController } from './evaluations.controller';
import { EvaluationsService } from './evaluations.service';

@Module({
  imports: [FrameworksModule],
  controllers: [EvaluationsController, EvaluationWorkController],
  providers: [
    EvaluationRepository,
    EvaluationsService,
    EvaluationTransitionsService,
    EvaluationWorkService,
    SelfEvaluationWorkService,
    IndicatorEntriesService,
    FindingsService,
    EvaluationSnapshots,
    EvaluationAdapter,
  ],
  exports: [EvaluationRepository, EvaluationsService, EvaluationTransitionsService, EvaluationWorkService, SelfEvaluationWorkService, IndicatorEntriesService, FindingsService],
})
export class EvaluationsModule {}
