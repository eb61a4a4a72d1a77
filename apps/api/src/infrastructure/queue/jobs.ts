/**
 * Every job the system runs: one map from job name to payload type, one table from job to queue.
 * Job ids are derived from what a job is about, so a retry or a repeat cannot duplicate it.
 */
export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html?: string;
}

export interface JobPayloads {
  'send-mail': MailMessage;
  /** Tell the recipients of one outbox `notify` effect (the row is reloaded by id; the effect names who). */
  notify: { outboxId: string };
}
export type JobName = keyof JobPayloads;

export const QUEUE_OF: Record<JobName, QueueName> = {
  'send-mail': 'mail',
  notify: 'notifications',
};

export const QUEUE_NAMES = ['mail', 'notifications'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Mail is retried with exponential backoff for about an hour (2 s · 2^n, 12 attempts) before it counts as failed. */
export const MAIL_JOB_OPTIONS = { attempts: 12, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 1000, removeOnFail: false } as const;

/** Resolving recipients is quick and local: a few retries cover a database blip. */
export const NOTIFY_JOB_OPTIONS = { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000, removeOnFail: false } as const;

/** A job id from what the job is about, e.g. jobId('account-opened', userId). BullMQ forbids ':' in custom ids. */
export function jobId(...parts: (string | number)[]): string {
  return parts.map((part) => String(part).replace(/[:|]/g, '_')).join('|');
}
