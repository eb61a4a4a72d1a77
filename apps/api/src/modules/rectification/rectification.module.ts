import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { PriorYearAttachments } from './prior-year-attachments';
import { RectificationItemAdapter } from './rectification-item.adapter';
import { RectificationItemRepository } from './rectification-item.repository';
import { RectificationItemsController } from './rectification-items.controller';
import { RectificationItemsService } from './rectification-items.service';
import { PriorYearController } from './prior-year.controller';
import { PriorYearRepository } from './prior-year.repository';
import { PriorYearService } from './prior-year.service';
import { RectificationLedgerController } from './rectification-ledger.controller';
import { RectificationLedgerRepository } from './rectification-ledger.repository';
import { RectificationLedgerService } from './rectification-ledger.service';

/**
 * 整改事项 on the engine: the adapter registers the lifecycle; the routes serve the items, the ledger (整改台账) and the
 * follow-up of earlier years' items (上年度问题整改情况), whose assessments' evidence files PriorYearAttachments admits.
 */
@Module({
  imports: [EvaluationsModule, AttachmentsModule],
  controllers: [RectificationItemsController, RectificationLedgerController, PriorYearController],
  providers: [RectificationItemRepository, RectificationItemAdapter, RectificationItemsService, RectificationLedgerRepository, RectificationLedgerService, PriorYearRepository, PriorYearService, PriorYearAttachments],
  exports: [RectificationItemRepository],
})
export class RectificationModule {}
