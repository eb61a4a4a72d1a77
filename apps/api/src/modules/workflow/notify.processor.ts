import { Inject } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.schema';
import { JobsService } from '../../infrastructure/queue/jobs.service';
import { jobId, type JobPayloads } from '../../infrastructure/queue/jobs';
import { lifecycleOf, stateLabel } from '../evaluations/evaluation-lifecycle';
import { OutboxRepository } from './outbox.repository';
import { RecipientsRepository } from './recipients.repository';
import { workflowNoticeMail } from './workflow-notice.mail';

/**
 * Turns one outbox `notify` effect into mails: reloads the row by id, resolves the recipients as they are now, and
 * queues one send job per recipient with an e-mail address (job id from row and user, so a retry sends nothing twice).
 * Rows of other effect types carry nothing to tell and are skipped.
 */
@Processor('notifications', { concurrency: 4 })
export class NotifyProcessor extends WorkerHost {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly recipients: RecipientsRepository,
    private readonly jobs: JobsService,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: Job<JobPayloads['notify']>): Promise<void> {
    const row = await this.outbox.findById(job.data.outboxId);
    if (!row || row.effect.type !== 'notify' || row.aggregateType !== 'evaluation') return;
    const [context] = await this.db.query(
      `SELECT e.id, e.kind, e.title, e.reference, h.action, h.to_state AS "toState", h.actor_name AS "actorName",
         h.organisation_name AS "organisationName", h.comment
       FROM workflow_history h JOIN evaluations e ON e.id = h.evaluation_id WHERE h.id = $1`,
      [row.historyId],
    );
    if (!context) return;
    const definition = lifecycleOf(context.kind);
    const actionLabel = definition.transitions.find((t) => t.action === context.action)?.label ?? { zh: context.action, en: context.action };
    const base = this.config.PUBLIC_URL ?? `http://localhost:${this.config.PORT}`;
    const link = `${base.replace(/\/$/, '')}/evaluations/${context.id}`;
    for (const user of await this.recipients.forEvaluation(row.aggregateId, row.effect.to)) {
      if (!user.email) continue;
      const mail = workflowNoticeMail({
        recipientName: user.displayName,
        recipientEmail: user.email,
        subjectTitle: context.title,
        reference: context.reference,
        actionLabel,
        stateLabel: stateLabel(definition, context.toState),
        actorName: context.actorName,
        organisationName: context.organisationName,
        comment: context.comment,
        link,
      });
      await this.jobs.enqueue('send-mail', mail, jobId('notify', row.id, user.id));
    }
  }
}
