import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type { JobPayloads } from '../queue/jobs';
import { MailService } from './mail.service';

/** Sends one mail; a failure throws, and BullMQ retries with the backoff the job was queued with. */
@Processor('mail', { concurrency: 4 })
export class SendMailProcessor extends WorkerHost {
  constructor(private readonly mail: MailService) {
    super();
  }

  async process(job: Job<JobPayloads['send-mail']>): Promise<void> {
    await this.mail.send(job.data);
  }
}
