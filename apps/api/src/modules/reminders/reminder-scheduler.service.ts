import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { subjectPath } from '../workflow/engine/subjects';
import {
  DEADLINE_LABELS,
  ESCALATION_CHAIN,
  OWNER_MEMBERS,
  REMINDER_POINT_LABELS,
  addCalendarDays,
  calendarDaysBetween,
  nextOverdue,
  planReminders,
  pointKey,
  resolvePolicy,
  type ReminderPoint,
  type ReminderPolicy,
} from '@evalflow/domain';
import { APP_CONFIG, publicLink, type AppConfig } from '../../config/config.schema';
import { JobsService } from '../../infrastructure/queue/jobs.service';
import { NOTIFY_JOB_OPTIONS, QUEUE_OF, jobId, type JobPayloads } from '../../infrastructure/queue/jobs';
import { NotificationsService } from '../notifications/notifications.service';
import { ReminderClock, reminderTimeOf } from './reminder-clock';
import { overdueDigestMail, reminderMail } from './reminder.mail';
import { RemindersRepository, type DeadlineContext, type Person } from './reminders.repository';

/** The digest goes out at 08:30 Beijing time, before the day's reminders. */
const DIGEST_TIME = 'T08:30:00+08:00';

/**
 * Plans, sends and cancels the reminders of deadlines (ARCHITECTURE rule 5). Every job is named by what it is
 * about and the deadline version (`reminder|<deadline>|<version>|<point>`): a moved deadline gets new ids, and a
 * job of an old version, or of a deadline no longer running, finds that out on reload and does nothing.
 */
@Injectable()
export class ReminderScheduler {
  private readonly logger = new Logger(ReminderScheduler.name);

  constructor(
    private readonly repository: RemindersRepository,
    private readonly jobs: JobsService,
    private readonly notifications: NotificationsService,
    private readonly clock: ReminderClock,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async policyFor(deadline: DeadlineContext): Promise<ReminderPolicy> {
    return resolvePolicy(deadline.regionChain, deadline.key, await this.repository.policySettings(deadline.regionChain)).policy;
  }

  /** Plans the reminder jobs of one deadline version; jobs of older versions are cancelled first. */
  async plan({ deadlineId, version, reason }: JobPayloads['plan-reminders']): Promise<string[]> {
    const deadline = await this.repository.deadline(deadlineId);
    if (!deadline || deadline.status !== 'active' || deadline.version !== version) return [];
    await this.cancel(deadlineId, version - 1, 'superseded by a newer deadline version');
    const policy = await this.policyFor(deadline);
    const now = this.clock.now();
    const today = this.clock.today();
    // A stage cannot have started after "now" (the clock placed by a test may lie before the database's today).
    const startedOn = deadline.startedOn && deadline.startedOn < today ? deadline.startedOn : today;
    const points = planReminders({ startedOn, dueOn: deadline.dueOn }, policy).flatMap((point): ReminderPoint[] => {
      if (point.point === 'start') return reason === 'activated' ? [point] : [];
      if (point.point === 'overdue') {
        // A deadline already overdue joins the repeat chain where it stands, without the repeats it missed.
        const upcoming = this.upcomingOverdue(deadline.dueOn, policy, point.index - 1, now);
        return upcoming ? [upcoming] : [];
      }
      return reminderTimeOf(point.date) >= now ? [point] : [];
    });
    const planned: string[] = [];
    for (const point of points) planned.push(await this.schedule(deadline, point, point.point === 'start' ? now : reminderTimeOf(point.date)));
    return planned;
  }

  private upcomingOverdue(dueOn: string, policy: ReminderPolicy, previous: number, now: Date): ReminderPoint | null {
    for (let next = nextOverdue(dueOn, policy, previous); next; next = nextOverdue(dueOn, policy, next.index)) {
      if (reminderTimeOf(next.date) >= now) return next;
    }
    return null;
  }

  private async schedule(deadline: Pick<DeadlineContext, 'id' | 'version'>, point: ReminderPoint, runAt: Date): Promise<string> {
    const id = jobId('reminder', deadline.id, deadline.version, pointKey(point));
    await this.repository.recordJob(this.db, { jobId: id, deadlineId: deadline.id, version: deadline.version, point: point.point, index: point.index, runAt });
    await this.jobs.enqueue(
      'reminder',
      { deadlineId: deadline.id, version: deadline.version, point: point.point, index: point.index, date: point.date },
      id,
      { delay: Math.max(0, runAt.getTime() - this.clock.now().getTime()) },
    );
    // Planning races the deadline's end: if it ended (or moved) while this job was being recorded and queued, its
    // cancel may have missed the row or found no job to remove yet. Settle it here, so a reminder that no longer
    // applies never waits in the queue (one that escapes still reloads the deadline and skips itself).
    const current = await this.repository.deadline(deadline.id);
    const stale = !current || current.status !== 'active' || current.version !== deadline.version;
    if (stale) await this.repository.cancelScheduled(deadline.id, deadline.version, 'the deadline ended while its reminders were planned');
    if (stale || (await this.repository.jobState(id)) === 'cancelled') await this.removeQueued(id);
    return id;
  }

  /** Removes a queued reminder (best effort: a job running right now cannot be removed; it reloads and skips). */
  private async removeQueued(id: string): Promise<void> {
    try {
      await this.jobs.queue('reminders').remove(id);
    } catch (error) {
      this.logger.debug(`reminder ${id} not removed: ${(error as Error).message}`);
    }
  }

  /** Removes the pending jobs of the deadline up to `version` (best effort: a job that escapes skips itself). */
  async cancel(deadlineId: string, upToVersion: number, reason: string): Promise<number> {
    const ids = await this.repository.cancelScheduled(deadlineId, upToVersion, reason);
    for (const id of ids) await this.removeQueued(id);
    return ids.length;
  }

  /**
   * One reminder point: reload, skip what no longer applies, record the in-app notification per recipient, add the
   * item to each recipient's coalesced mail, and chain the next overdue repeat.
   */
  async remind(payload: JobPayloads['reminder'], reminderJobId: string): Promise<'sent' | 'skipped'> {
    const deadline = await this.repository.deadline(payload.deadlineId);
    const skip = !deadline ? 'the deadline is gone' : deadline.status !== 'active' ? 'the deadline is no longer running' : deadline.version !== payload.version ? 'superseded by a newer deadline version' : null;
    if (skip || !deadline) {
      await this.repository.finishJob(this.db, reminderJobId, 'skipped', skip);
      return 'skipped';
    }
    const recipients = await this.recipientsOf(deadline, payload);
    const preferences = await this.notifications.preferencesOf(recipients.map((person) => person.id));
    const today = this.clock.today();
    const text = describe(deadline, payload, today);
    const link = subjectPath(deadline.subjectType, deadline.subjectId, deadline.evaluationId);
    const kind = payload.point === 'escalation' ? 'escalation' : 'reminder';
    const mailed = recipients.filter((person) => !!person.email && preferences.get(person.id)?.reminderMail !== false);
    // One transaction (one commit) for everything the point records: the notifications, the deliveries and the
    // job's state. A retry finds them recorded (unique per job and user) and adds nothing.
    await this.db.transaction(async (manager) => {
      await this.notifications.record(
        manager,
        recipients.map((person) => ({ userId: person.id, kind, title: text.title, body: text.line, link, key: `${reminderJobId}|${person.id}` })),
      );
      await this.repository.recordDeliveries(
        manager,
        recipients.map((person) => ({
          jobId: reminderJobId,
          userId: person.id,
          deadlineId: deadline.id,
          version: deadline.version,
          runDate: today,
          point: payload.point,
          title: text.title,
          line: text.line,
          link: this.absolute(link),
          mail: mailed.includes(person),
        })),
      );
      await this.repository.finishJob(manager, reminderJobId, 'sent', null);
    });
    // After the commit, the mail run of each recipient (one job per recipient per window: queuing it again is a
    // no-op). Also on a retry, so a crash between the commit and this line cannot leave a delivery unmailed; a mail
    // run that finds nothing unmailed sends nothing.
    await this.queueMailRuns(mailed.map((person) => person.id));
    if (payload.point === 'overdue') {
      const next = nextOverdue(deadline.dueOn, await this.policyFor(deadline), payload.index);
      if (next) await this.schedule(deadline, next, reminderTimeOf(next.date));
    }
    return 'sent';
  }

  private async recipientsOf(deadline: DeadlineContext, payload: JobPayloads['reminder']): Promise<Person[]> {
    if (payload.point === 'escalation') {
      const level = ESCALATION_CHAIN[deadline.ownerParty][Math.min(payload.index, 2) - 1];
      return this.repository.members(deadline.subjectType, deadline.subjectId, level);
    }
    if (deadline.ownerUserId) {
      const owner = await this.repository.activeUser(deadline.ownerUserId);
      if (owner) return [owner];
    }
    return this.repository.members(deadline.subjectType, deadline.subjectId, OWNER_MEMBERS[deadline.ownerParty]);
  }

  /**
   * The recipient's mail run: one job per recipient per coalescing window (real time, as the queue's delays are),
   * run when the window closes. Whatever is recorded for them until then goes into the same mail.
   */
  private async queueMailRun(userId: string): Promise<void> {
    await this.queueMailRuns([userId]);
  }

  private async queueMailRuns(userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return;
    const window = Math.max(1, this.config.REMINDER_MAIL_WINDOW_MS);
    const slot = Math.floor(Date.now() / window);
    const delay = (slot + 1) * window - Date.now() + 250;
    // One round trip for all of them (what JobsService.enqueue does for one: the job table's options, the derived id).
    const jobs = userIds.map((userId) => ({ name: 'reminder-mail' as const, data: { userId } satisfies JobPayloads['reminder-mail'], opts: { ...NOTIFY_JOB_OPTIONS, delay, jobId: jobId('reminder-mail', userId, slot) } }));
    await this.jobs.queue(QUEUE_OF['reminder-mail']).addBulk(jobs);
  }

  /** Sends ONE mail with everything of the recipient not mailed yet that still applies. */
  async mailRun(userId: string): Promise<number> {
    const person = await this.repository.person(userId);
    const sent = await this.db.transaction(async (manager) => {
      const rows = await this.repository.claimUnmailed(manager, userId);
      const live = rows.filter((row) => row.stillApplies);
      let mailJobId: string | null = null;
      if (live.length > 0 && person?.email) {
        mailJobId = jobId('reminder-mail', userId, live[0].id);
        // Same rows on a retry, so the same id: the send job cannot be queued twice.
        await this.jobs.enqueue('send-mail', reminderMail({ displayName: person.displayName, email: person.email }, live), mailJobId);
      }
      await this.repository.markMailed(manager, rows.map((row) => row.id), mailJobId);
      return mailJobId ? live.length : 0;
    });
    // Something recorded while this run was gathering: it gets the next window.
    if (await this.repository.hasUnmailed(userId)) await this.queueMailRun(userId);
    return sent;
  }

  /** The daily digest of one day: each finance officer (digest preference on) gets the overdue items of their jurisdiction. */
  async digest(date: string): Promise<number> {
    let sent = 0;
    const officers = await this.repository.financeOfficers();
    const preferences = await this.notifications.preferencesOf(officers.map((officer) => officer.id));
    for (const officer of officers) {
      if (!officer.email || preferences.get(officer.id)?.digestMail === false) continue;
      const items = await this.repository.overdueIn(officer.regionPath, date);
      if (items.length === 0) continue;
      const mailItems = items.map((item) => ({
        line: `${item.title}（${item.reference}，${item.departmentName}）${DEADLINE_LABELS[item.key].zh} ${item.dueOn}，已逾期 ${item.daysOverdue} 天`,
        link: this.absolute(subjectPath(item.subjectType, item.subjectId, item.evaluationId)),
        dueOn: item.dueOn,
      }));
      const claimed = await this.db.transaction(async (manager) => {
        if (!(await this.repository.claimDigest(manager, officer.id, date, items.length))) return false;
        await this.jobs.enqueue('send-mail', overdueDigestMail({ displayName: officer.displayName, email: officer.email! }, date, mailItems), jobId('overdue-digest', officer.id, date));
        return true;
      });
      if (!claimed) continue;
      await this.notifications.record(null, [
        { userId: officer.id, kind: 'digest', title: `逾期事项日报（${date}）：${items.length} 项`, body: mailItems.map((item) => item.line).join('\n'), link: '/evaluations?overdue=true', key: `digest|${date}` },
      ]);
      sent++;
    }
    return sent;
  }

  /** Queues the digest of the next day it has not run for (08:30 Beijing time); each run queues the next. */
  async scheduleNextDigest(after: string | null = null): Promise<string> {
    const now = this.clock.now();
    let date = after ? addCalendarDays(after, 1) : this.clock.today();
    if (new Date(`${date}${DIGEST_TIME}`) < now && !after) date = addCalendarDays(date, 1);
    await this.jobs.enqueue('overdue-digest', { date }, jobId('overdue-digest', date), { delay: Math.max(0, new Date(`${date}${DIGEST_TIME}`).getTime() - now.getTime()) });
    return date;
  }

  private absolute(link: string): string {
    return publicLink(this.config, link);
  }
}

/** What a reminder says: title for the bell, one line for the mail. */
function describe(deadline: DeadlineContext, payload: JobPayloads['reminder'], today: string): { title: string; line: string } {
  const label = DEADLINE_LABELS[deadline.key].zh;
  const subject = `${deadline.title}（${deadline.reference}）`;
  const overdueDays = calendarDaysBetween(deadline.dueOn, today);
  // No per-item flag for a year whose holidays are not published: the mail says that once (reminder.mail.ts).
  const pointLabel = REMINDER_POINT_LABELS[payload.point].zh;
  const state =
    payload.point === 'start'
      ? `已开始，${label} ${deadline.dueOn}`
      : payload.point === 'before'
        ? `${label} ${deadline.dueOn}，还有 ${payload.index} 个工作日`
        : payload.point === 'due'
          ? `${label}为今天（${deadline.dueOn}）`
          : payload.point === 'overdue'
            ? `${label} ${deadline.dueOn}，已逾期 ${Math.max(overdueDays, 1)} 天`
            : `${label} ${deadline.dueOn}，已逾期 ${Math.max(overdueDays, 1)} 天，请督促${deadline.departmentName}办理（第 ${payload.index} 级升级）`;
  return { title: `${pointLabel}：${label}（${deadline.title}）`, line: `【${pointLabel}】${subject}${state}` };
}
