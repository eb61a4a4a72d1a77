import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { JobsService } from '../../infrastructure/queue/jobs.service';
import { jobId } from '../../infrastructure/queue/jobs';
import { OutboxRepository, type OutboxRow } from './outbox.repository';

const BATCH = 100;
/** The sweep catches rows a crash or a queue outage left behind; a kick after each commit handles the normal case. */
const SWEEP_MS = 5000;

/**
 * Moves outbox rows into the queue after commit (ARCHITECTURE rule 3). Each row becomes one job whose id is derived
 * from the row (`outbox|<id>`), so a relay that dies between enqueueing and marking the row sends nothing twice.
 * Rows are claimed with FOR UPDATE SKIP LOCKED: any number of API and worker processes may relay at once.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly jobs: JobsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), SWEEP_MS);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Starts a drain unless one is running (then it runs once more when that one ends). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: Error) => this.logger.warn(`outbox relay: ${error.message}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /**
   * Relays until nothing is pending or the queue refuses a row. A refusal is recorded on the row (attempts, error)
   * in the same commit as the rows relayed before it, and the drain stops; the sweep tries again later.
   */
  async drain(): Promise<void> {
    for (;;) {
      const batch = await this.outbox.db.transaction(async (manager) => {
        const rows = await this.outbox.claimPending(manager, BATCH);
        const done: string[] = [];
        let failure: string | null = null;
        for (const row of rows) {
          try {
            await this.enqueue(row);
            done.push(row.id);
          } catch (error) {
            failure = (error as Error).message;
            await this.outbox.markFailed(manager, row.id, failure);
            break;
          }
        }
        await this.outbox.markDispatched(manager, done);
        return { claimed: rows.length, failure };
      });
      if (batch.failure) {
        this.logger.warn(`outbox relay: the queue refused a row (${batch.failure}); retrying on the next sweep`);
        return;
      }
      if (batch.claimed < BATCH) return;
    }
  }

  /**
   * One row, one job. Reminder planning is named by deadline and version (two rows about the same version plan
   * once); everything else by the row. Rows of effects the transaction carried out are never pending.
   */
  private async enqueue(row: OutboxRow): Promise<void> {
    const effect = row.effect;
    switch (effect.type) {
      case 'plan_reminders':
        await this.jobs.enqueue('plan-reminders', { deadlineId: effect.deadlineId, version: effect.version, reason: effect.reason }, jobId('plan-reminders', effect.deadlineId, effect.version));
        return;
      case 'cancel_reminders':
        await this.jobs.enqueue('cancel-reminders', { deadlineId: effect.deadlineId, version: effect.version }, jobId('cancel-reminders', effect.deadlineId, effect.version));
        return;
      default:
        await this.jobs.enqueue('notify', { outboxId: row.id }, jobId('outbox', row.id));
    }
  }
}
