import { DynamicModule, Module } from '@nestjs/common';
import { StorageModule } from '../../infrastructure/storage/storage.module';
import { EvaluationRepository } from '../evaluations/evaluation.repository';
import { RenderReportProcessor } from './render-report.processor';
import { ReportDocumentsRepository } from './report-documents.repository';
import { ReportRecorder } from './report-recorder.service';
import { ReportTemplatesRepository } from './report-templates.repository';
import { ReportsController, ReportTemplatesController } from './reports.controller';
import { ReportsService } from './reports.service';
import { ReportPdfService } from './report-pdf.service';

/**
 * 评价报告 (issue 12 §1–§2, docs/reports.md): the routes where HTTP is served; the recorder (documents for issuing
 * history entries) and the `reports` queue's processor (the .docx) in every process that runs processors.
 */
@Module({})
export class ReportsModule {
  static forConfig(options: { http: boolean; processors: boolean }): DynamicModule {
    return {
      module: ReportsModule,
      imports: [StorageModule],
      controllers: options.http ? [ReportsController, ReportTemplatesController] : [],
      providers: [
        ReportDocumentsRepository,
        ReportTemplatesRepository,
        EvaluationRepository,
        ReportsService,
        ReportPdfService,
        ...(options.processors ? [RenderReportProcessor, ReportRecorder] : []),
      ],
      exports: [ReportsService, ReportDocumentsRepository],
    };
  }
}
