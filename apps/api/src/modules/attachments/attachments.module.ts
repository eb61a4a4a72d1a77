import { Module } from '@nestjs/common';
import { StorageModule } from '../../infrastructure/storage/storage.module';
import { DocumentRequestRepository } from '../document-requests/document-request.repository';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { RectificationItemRepository } from '../rectification/rectification-item.repository';
import { AttachmentPolicies } from './attachment-policies';
import { AttachmentSubjectRegistry } from './attachment-subjects';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';

/**
 * 附件 (issue 11): the routes, the service, and the registry of the records files can be attached to. A module with
 * a record of its own (working papers) imports this one and registers its policy on the registry in onModuleInit.
 * The item repositories are provided here again (stateless, over the one DataSource) so that this module does not
 * depend on the modules whose records it serves.
 */
@Module({
  imports: [StorageModule, EvaluationsModule],
  controllers: [AttachmentsController],
  providers: [AttachmentsRepository, AttachmentSubjectRegistry, AttachmentPolicies, AttachmentsService, DocumentRequestRepository, RectificationItemRepository],
  exports: [AttachmentSubjectRegistry, AttachmentsService, AttachmentsRepository],
})
export class AttachmentsModule {}
