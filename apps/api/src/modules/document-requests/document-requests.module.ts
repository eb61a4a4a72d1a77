import { Module } from '@nestjs/common';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { DocumentRequestAdapter } from './document-request.adapter';
import { DocumentRequestRepository } from './document-request.repository';
import { DocumentRequestsController } from './document-requests.controller';
import { DocumentRequestsService } from './document-requests.service';

/** 资料清单 on the engine: the adapter registers the lifecycle; the routes serve the items. */
@Module({
  imports: [EvaluationsModule],
  controllers: [DocumentRequestsController],
  providers: [DocumentRequestRepository, DocumentRequestAdapter, DocumentRequestsService],
})
export class DocumentRequestsModule {}
