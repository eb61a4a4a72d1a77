import { Module } from '@nestjs/common';
import { StorageModule } from '../../infrastructure/storage/storage.module';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { PublicReportsController } from './public-reports.controller';
import { PublicReportsService } from './public-reports.service';
import { PublicationController } from './publication.controller';
import { PublicationRepository } from './publication.repository';
import { PublicationService } from './publication.service';

/** 文号规则, publication to the public and the public report pages (issue 12 §5, §6; docs/reports.md). */
@Module({
  imports: [StorageModule, EvaluationsModule],
  controllers: [PublicationController, PublicReportsController],
  providers: [PublicationRepository, PublicationService, PublicReportsService],
})
export class PublicationModule {}
