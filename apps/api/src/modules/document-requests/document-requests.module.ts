import { Module } from '@nestjs/common';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { DocumentRequestAdapter } from './document-request.adapter';
import { DocumentRequestTemplateRepository } from './document-request-template.repository';
import { DocumentRequestTemplatesController } from './document-request-templates.controller';
import { DocumentRequestTemplatesService } from './document-request-templates.service';
import { DocumentRequestRepository } from './document-request.repository';
import { DocumentRequestsController } from './document-requests.controller';
import { DocumentRequestsService } from './document-requests.service';

/** 资料清单 on the engine: the adapter registers the lifecycle; the routes serve the items, the list and its templates. */
@Module({
  imports: [EvaluationsModule],
  controllers: [DocumentRequestsController, DocumentRequestTemplatesController],
  providers: [DocumentRequestRepository, DocumentRequestAdapter, DocumentRequestsService, DocumentRequestTemplateRepository, DocumentRequestTemplatesService],
})
export class DocumentRequestsModule {}
