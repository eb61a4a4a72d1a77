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
  /** Plan the reminder jobs of one deadline version (apps/api/src/modules/reminders); older versions' jobs are cancelled. */
  'plan-reminders': { deadlineId: string; version: number; reason: 'activated' | 'changed' };
  /** The deadline ended: remove its pending reminder jobs (best effort: the reminder handler skips them anyway). */
  'cancel-reminders': { deadlineId: string; version: number };
  /** One reminder point of one deadline version; the handler reloads the deadline and skips what no longer applies. */
  reminder: { deadlineId: string; version: number; point: 'start' | 'before' | 'due' | 'overdue' | 'escalation'; index: number; date: string };
  /** Gather every reminder recorded for one recipient and not mailed yet into ONE mail (ARCHITECTURE rule 5). */
  'reminder-mail': { userId: string };
  /** The daily digest of overdue deadlines for every finance officer, for one Beijing day. */
  'overdue-digest': { date: string };
  /** A lifecycle timer (issue 12 §4): the deadline version has passed; the system fires its state's timer action once. */
  'workflow-timer': { deadlineId: string; version: number };
  /** Make the .docx of one report document (apps/api/src/modules/reports); the handler reloads it and skips a ready one. */
  'render-report': { documentId: string };
}
export type JobName = keyof JobPayloads;

export const QUEUE_OF: Record<JobName, QueueName> = {
  'send-mail': 'mail',
  notify: 'notifications',
  'plan-reminders': 'reminders',
  'cancel-reminders': 'reminders',
  reminder: 'reminders',
  'reminder-mail': 'reminders',
  'overdue-digest': 'reminders',
  'workflow-timer': 'reminders',
  'render-report': 'reports',
};

export const QUEUE_NAMES = ['mail', 'notifications', 'reminders', 'reports'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Mail is retried with exponential backoff for about an hour (2 s · 2^n, 12 attempts) before it counts as failed. */
export const MAIL_JOB_OPTIONS = { attempts: 12, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 1000, removeOnFail: false } as const;

/** Resolving recipients is quick and local: a few retries cover a database blip. */
export const NOTIFY_JOB_OPTIONS = { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000, removeOnFail: false } as const;

/** Rendering is CPU work on stored data: a few retries cover a storage or database blip; a template error fails at once. */
export const REPORT_JOB_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 1000, removeOnFail: false } as const;

/** A job id from what the job is about, e.g. jobId('account-opened', userId). BullMQ forbids ':' in custom ids. */
export function jobId(...parts: (string | number)[]): string {
  return parts.map((part) => String(part).replace(/[:|]/g, '_')).join('|');
}
