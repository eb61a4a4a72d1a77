import { Inject } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, publicLink, type AppConfig } from '../../config/config.schema';
import { JobsService } from '../../infrastructure/queue/jobs.service';
import { jobId, type JobPayloads } from '../../infrastructure/queue/jobs';
import { lifecycleOf, stateLabel } from '../evaluations/evaluation-lifecycle';
import { definitionFor, subjectPath } from './engine/subjects';
import { WORK_NOTICES } from '@evalflow/workflow';
import { OutboxRepository, type OutboxRow, type WorkNoticeEffect } from './outbox.repository';
import { NotificationsService } from '../notifications/notifications.service';
import { RecipientsRepository, type RecipientUser } from './recipients.repository';
import { transitionNoticeContext, workNoticeContext } from './notice-context.repository';
import { workflowNoticeMail } from './workflow-notice.mail';

/**
 * Turns one outbox `notify` effect into in-app notifications and mails: reloads the row by id, resolves the
 * recipients as they are now, records one notification per recipient (key from the row, unique per user) and queues
 * one send job per recipient with an e-mail address (job id from row and user). A retry therefore records and sends
 * nothing twice. Rows of other effect types carry nothing to tell and are skipped.
 */
@Processor('notifications', { concurrency: 4 })
export class NotifyProcessor extends WorkerHost {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly recipients: RecipientsRepository,
    private readonly jobs: JobsService,
    private readonly notifications: NotificationsService,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: Job<JobPayloads['notify']>): Promise<void> {
    const row = await this.outbox.findById(job.data.outboxId);
    if (!row) return;
    if (row.effect.type === 'work_notice') return row.aggregateType === 'evaluation' ? this.workNotice(row as OutboxRow & { effect: WorkNoticeEffect }) : undefined;
    if (row.effect.type !== 'notify') return;
    // A record of any lifecycle: the evaluation it belongs to, and the item's own name when it is an item.
    const context = row.historyId ? await transitionNoticeContext(this.db, row.historyId) : null;
    if (!context) return;
    const definition = definitionFor(row.aggregateType, context.kind);
    const actionLabel = definition.transitions.find((t) => t.action === context.action)?.label ?? { zh: context.action, en: context.action };
    const path = subjectPath(row.aggregateType, row.aggregateId, context.id);
    const subjectTitle = context.itemTitle ? `${context.title} · ${context.itemTitle}` : context.title;
    const recipients = await this.recipients.forSubject(row.aggregateType, row.aggregateId, row.effect.to);
    const state = stateLabel(definition, context.toState);
    await this.tell(row.id, recipients, {
      path,
      title: `${subjectTitle}：${actionLabel.zh}`,
      body: `${context.organisationName} ${context.actorName} 已执行：${actionLabel.zh}；当前状态：${state.zh}${context.comment ? `；说明：${context.comment}` : ''}`,
      mail: { subjectTitle, reference: context.reference, actionLabel, stateLabel: state, actorName: context.actorName, organisationName: context.organisationName, comment: context.comment },
    });
  }

  /**
   * A notice about stage work: the same in-app notice (key from the row) and mail (job id from row and user) as a
   * transition's, told as "<actor> <what>: <detail>" with the evaluation's current state; the actor is not told.
   */
  private async workNotice(row: OutboxRow & { effect: WorkNoticeEffect }): Promise<void> {
    const context = await workNoticeContext(this.db, row.aggregateId, row.effect.actorId);
    if (!context) return;
    const notice = WORK_NOTICES[row.effect.notice];
    const state = stateLabel(lifecycleOf(context.kind), context.state);
    const path = `/evaluations/${context.id}?tab=${notice.tab}`;
    const recipients = (await this.recipients.forEvaluation(row.aggregateId, row.effect.to)).filter((user) => user.id !== row.effect.actorId);
    await this.tell(row.id, recipients, {
      path,
      title: `${context.title}：${notice.label.zh}`,
      body: `${context.organisationName} ${context.actorName}：${row.effect.detail}；当前状态：${state.zh}`,
      mail: { subjectTitle: context.title, reference: context.reference, actionLabel: notice.label, stateLabel: state, actorName: context.actorName, organisationName: context.organisationName, comment: row.effect.detail },
    });
  }

  /**
   * One in-app notice per recipient (key from the outbox row, so a retry records nothing twice) and one mail job
   * per recipient with an address (job id from row and user, so a retry sends nothing twice).
   */
  private async tell(
    rowId: string,
    recipients: readonly RecipientUser[],
    notice: { path: string; title: string; body: string; mail: Omit<Parameters<typeof workflowNoticeMail>[0], 'recipientName' | 'recipientEmail' | 'link'> },
  ): Promise<void> {
    await this.notifications.record(
      null,
      recipients.map((user) => ({ userId: user.id, kind: 'workflow' as const, title: notice.title, body: notice.body, link: notice.path, key: jobId('outbox', rowId) })),
    );
    const link = publicLink(this.config, notice.path);
    for (const user of recipients) {
      if (!user.email) continue;
      const mail = workflowNoticeMail({ ...notice.mail, recipientName: user.displayName, recipientEmail: user.email, link });
      await this.jobs.enqueue('send-mail', mail, jobId('notify', rowId, user.id));
    }
  }
}
