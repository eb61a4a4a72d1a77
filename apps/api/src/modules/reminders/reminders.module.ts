import { DynamicModule, Global, Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { EvaluationRepository } from '../evaluations/evaluation.repository';
import { DeadlinesService } from './deadlines.service';
import { ReminderClock } from './reminder-clock';
import { ReminderPoliciesRepository } from './reminder-policies.repository';
import { ReminderPoliciesService } from './reminder-policies.service';
import { ReminderScheduler } from './reminder-scheduler.service';
import { RemindersController } from './reminders.controller';
import { RemindersProcessor } from './reminders.processor';
import { RemindersRepository } from './reminders.repository';

const PROCESSORS = Symbol('REMINDER_PROCESSORS');

/**
 * Deadlines' reminders (docs/reminders.md): planning, delivery, escalation and the daily digest on the `reminders`
 * queue in every process that runs processors; the policy and deadline routes where HTTP is served.
 */
@Global()
@Module({})
export class RemindersModule implements OnApplicationBootstrap {
  constructor(
    private readonly scheduler: ReminderScheduler,
    @Inject(PROCESSORS) private readonly processors: boolean,
  ) {}

  static forConfig(options: { http: boolean; processors: boolean }): DynamicModule {
    return {
      module: RemindersModule,
      controllers: options.http ? [RemindersController] : [],
      providers: [
        { provide: PROCESSORS, useValue: options.processors },
        ReminderClock,
        RemindersRepository,
        ReminderScheduler,
        EvaluationRepository,
        ...(options.http ? [DeadlinesService, ReminderPoliciesService, ReminderPoliciesRepository] : []),
        ...(options.processors ? [RemindersProcessor] : []),
      ],
      exports: [ReminderClock, ReminderScheduler],
    };
  }

  /** The digest chain starts with the first worker; its job id per day keeps N workers from queuing it N times. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.processors) await this.scheduler.scheduleNextDigest().catch(() => undefined);
  }
}
