import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../../config/config.schema';
import type { JobPayloads } from '../../infrastructure/queue/jobs';
import { WorkflowTimers } from '../workflow/workflow-timers.service';
import { ReminderScheduler } from './reminder-scheduler.service';

type ReminderJob =
  | Job<JobPayloads['plan-reminders'], unknown, 'plan-reminders'>
  | Job<JobPayloads['cancel-reminders'], unknown, 'cancel-reminders'>
  | Job<JobPayloads['reminder'], unknown, 'reminder'>
  | Job<JobPayloads['reminder-mail'], unknown, 'reminder-mail'>
  | Job<JobPayloads['overdue-digest'], unknown, 'overdue-digest'>
  | Job<JobPayloads['workflow-timer'], unknown, 'workflow-timer'>;

/**
 * The `reminders` queue: every job reloads what it is about by id and does nothing that no longer applies. The
 * lifecycle timers (workflow-timer) share it: they are deadlines' jobs too.
 */
@Processor('reminders', { concurrency: 4 })
export class RemindersProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly scheduler: ReminderScheduler,
    private readonly timers: WorkflowTimers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /** REMINDERS_CONCURRENCY jobs at once (each waits mostly on the database: one process keeps several going). */
  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.REMINDERS_CONCURRENCY;
  }

  async process(job: ReminderJob): Promise<unknown> {
    switch (job.name) {
      case 'plan-reminders':
        return this.scheduler.plan(job.data);
      case 'cancel-reminders':
        return this.scheduler.cancel(job.data.deadlineId, job.data.version, 'the deadline ended');
      case 'reminder':
        return this.scheduler.remind(job.data, job.id!);
      case 'reminder-mail':
        return this.scheduler.mailRun(job.data.userId);
      case 'overdue-digest': {
        const sent = await this.scheduler.digest(job.data.date);
        await this.scheduler.scheduleNextDigest(job.data.date);
        return sent;
      }
      case 'workflow-timer':
        return this.timers.run(job.data);
    }
  }
}
