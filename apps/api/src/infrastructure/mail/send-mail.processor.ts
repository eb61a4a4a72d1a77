import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../../config/config.schema';
import type { JobPayloads } from '../queue/jobs';
import { MailService } from './mail.service';
import { redactAddresses } from './redact';

/**
 * Sends one mail; a failure throws, and BullMQ retries with the exponential backoff the job was queued with
 * (MAIL_JOB_OPTIONS). The job id doubles as the Message-ID, so the rare resend after a crash between the SMTP
 * server's "250 OK" and the job's completion carries the same Message-ID and mail clients show it once.
 */
@Processor('mail', { concurrency: 4 })
export class SendMailProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(SendMailProcessor.name);

  constructor(
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /** MAIL_CONCURRENCY sends at once (each an SMTP session of its own). */
  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.MAIL_CONCURRENCY;
  }

  async process(job: Job<JobPayloads['send-mail']>): Promise<void> {
    await this.mail.send(job.data, { messageId: messageIdOf(job.id ?? job.name) });
  }

  /**
   * Every failed attempt is logged as a warning; the last one (attempts exhausted) as an error. The job stays in the
   * failed list (removeOnFail: false), where the queue dashboard shows it and an admin may retry it. Logged: job id,
   * attempt, subject and the number of recipients; never the addresses or the body (personal data).
   */
  @OnWorkerEvent('failed')
  onFailed(job: Job<JobPayloads['send-mail']> | undefined, error: Error): void {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    const entry = {
      jobId: job.id,
      attempt: job.attemptsMade,
      attempts,
      recipients: job.data.to.length,
      subject: job.data.subject,
      error: redactAddresses(error.message),
    };
    if (job.attemptsMade >= attempts) this.logger.error(entry, 'mail failed for good: attempts exhausted (see the failed jobs of the mail queue)');
    else this.logger.warn(entry, 'mail attempt failed; retrying with backoff');
  }
}

/** A Message-ID from the job id (which is derived from what the mail is about). */
export function messageIdOf(jobId: string): string {
  return `<${jobId.replace(/[^A-Za-z0-9._-]/g, '.')}@evalflow.local>`;
}
