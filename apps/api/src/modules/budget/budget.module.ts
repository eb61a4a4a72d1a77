import { Module } from '@nestjs/common';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { BudgetDataController, BudgetSettingsController } from './budget.controller';
import { BudgetRepository } from './budget.repository';
import { BudgetService } from './budget.service';

/** 预算数据: budget data per evaluation, metrics, thresholds per region and proposed findings (issue 4). */
@Module({
  imports: [EvaluationsModule],
  controllers: [BudgetDataController, BudgetSettingsController],
  providers: [BudgetRepository, BudgetService],
  exports: [BudgetService],
})
export class BudgetModule {}
