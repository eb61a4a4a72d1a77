import { DynamicModule, Global, Module } from '@nestjs/common';
import { NotifyProcessor } from './notify.processor';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxRepository } from './outbox.repository';
import { RecipientsRepository } from './recipients.repository';
import { WorkflowHistoryRepository } from './workflow-history.repository';
import { WorkflowEffectsRepository } from './engine/workflow-effects.repository';
import { WorkflowRunner } from './engine/workflow-runner.service';
import { WorkflowTasksRepository } from './engine/workflow-tasks.repository';
import { WorkflowTimersRepository } from './workflow-timers.repository';
import { WorkflowTimers } from './workflow-timers.service';

/**
 * What every lifecycle shares: the engine that fires transitions (WorkflowRunner, with one adapter per lifecycle
 * registered by its feature module), the append-only history, the outbox and its relay (in every process, API and
 * worker: rows are claimed with SKIP LOCKED), and the processor that turns `notify` effects into mails.
 */
@Global()
@Module({})
export class WorkflowModule {
  static forConfig(options: { processors: boolean }): DynamicModule {
    return {
      module: WorkflowModule,
      providers: [
        WorkflowHistoryRepository,
        OutboxRepository,
        OutboxRelay,
        RecipientsRepository,
        WorkflowEffectsRepository,
        WorkflowTasksRepository,
        WorkflowRunner,
        WorkflowTimersRepository,
        // The sweep runs where processors run: the jobs it queues need a worker (docs/reports.md, the timer).
        ...(options.processors ? [NotifyProcessor, WorkflowTimers] : []),
      ],
      exports: [
        WorkflowHistoryRepository,
        OutboxRepository,
        OutboxRelay,
        RecipientsRepository,
        WorkflowTasksRepository,
        WorkflowRunner,
        WorkflowEffectsRepository,
        ...(options.processors ? [WorkflowTimers] : []),
      ],
    };
  }
}
