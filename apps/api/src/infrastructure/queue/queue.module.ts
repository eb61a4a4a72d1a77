import { DynamicModule, Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import type { AppConfig } from '../../config/config.schema';
import { MailService } from '../mail/mail.service';
import { SendMailProcessor } from '../mail/send-mail.processor';
import { queueClasses, queueConnection } from './queue-backend';
import { JobsService } from './jobs.service';

/**
 * Queues and, unless WORKER_MODE=off, their processors in this process. The `worker` entry runs the same
 * processors without the HTTP server, for scale-out.
 */
@Global()
@Module({})
export class QueueModule {
  static forConfig(config: AppConfig, options: { processors: boolean }): DynamicModule {
    const classes = queueClasses(config);
    BullModule.queueClass = classes.Queue;
    BullModule.workerClass = classes.Worker;
    return {
      module: QueueModule,
      imports: [BullModule.forRoot({ connection: queueConnection(config) as never, prefix: config.QUEUE_PREFIX }), BullModule.registerQueue({ name: 'mail' }, { name: 'notifications' }, { name: 'reminders' }, { name: 'reports' })],
      providers: [MailService, JobsService, ...(options.processors ? [SendMailProcessor] : [])],
      exports: [MailService, JobsService, BullModule],
    };
  }
}
