import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { JobsOptions, Queue } from 'bullmq';
import { MAIL_JOB_OPTIONS, NOTIFY_JOB_OPTIONS, REPORT_JOB_OPTIONS, QUEUE_OF, type JobName, type JobPayloads, type QueueName } from './jobs';

/** Typed entry to the queues: the payload type follows the job name, the queue follows the job table. */
@Injectable()
export class JobsService {
  private readonly queues: Record<QueueName, Queue>;

  constructor(@InjectQueue('mail') mail: Queue, @InjectQueue('notifications') notifications: Queue, @InjectQueue('reminders') reminders: Queue, @InjectQueue('reports') reports: Queue) {
    this.queues = { mail, notifications, reminders, reports };
  }

  async enqueue<K extends JobName>(name: K, payload: JobPayloads[K], jobId: string, options: JobsOptions = {}): Promise<void> {
    const defaults = name === 'send-mail' ? MAIL_JOB_OPTIONS : name === 'render-report' ? REPORT_JOB_OPTIONS : NOTIFY_JOB_OPTIONS;
    await this.queues[QUEUE_OF[name]].add(name, payload, { ...defaults, ...options, jobId });
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }
}
