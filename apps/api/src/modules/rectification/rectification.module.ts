import { Module } from '@nestjs/common';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { RectificationItemAdapter } from './rectification-item.adapter';
import { RectificationItemRepository } from './rectification-item.repository';
import { RectificationItemsController } from './rectification-items.controller';
import { RectificationItemsService } from './rectification-items.service';

/** 整改事项 on the engine: the adapter registers the lifecycle; the routes serve the items. */
@Module({
  imports: [EvaluationsModule],
  controllers: [RectificationItemsController],
  providers: [RectificationItemRepository, RectificationItemAdapter, RectificationItemsService],
  exports: [RectificationItemRepository],
})
export class RectificationModule {}
