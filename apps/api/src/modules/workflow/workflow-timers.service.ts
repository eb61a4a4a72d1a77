import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@evalflow/domain';
import { ALL_WORKFLOWS, timedStates, timerAction } from '@evalflow/workflow';
import { APP_CONFIG, type AppConfig } from '../../config/config.schema';
import { JobsService } from '../../infrastructure/queue/jobs.service';
import { jobId, type JobPayloads } from '../../infrastructure/queue/jobs';
import { WorkflowRunner } from './engine/workflow-runner.service';
import { WorkflowTimersRepository } from './workflow-timers.repository';

export type TimerOutcome = { outcome: 'fired'; historyId: string } | { outcome: 'skipped'; reason: string };

/** Refusals that mean "someone got there first" or "not any more": a timer that finds them does nothing. */
const MOVED_ON = new Set(['VERSION_CONFLICT', 'CONFLICT', 'GUARD_FAILED', 'NOT_FOUND']);

/**
 * Lifecycle timers (issue 12 §4): a state of a definition may declare a timer — when the record's deadline has passed
 * while it is in that state, the system fires the timer's action through the engine (`fireAsSystem`).
 *
 * Exactly once: the sweep (at start and every WORKFLOW_TIMER_SWEEP_MS, in every process that runs processors) finds
 * the passed deadlines of records still in a timed state and queues one `workflow-timer` job per deadline version
 * with an id derived from both — any number of processes sweeping queue it once. The job reloads the deadline and the
 * record and fires with the version it read; the engine locks the row and checks the version, so a second firing
 * (a retry, a second job after the first was cleaned up, a lead closing at the same moment) is refused and does
 * nothing. A deadline that passed while no process ran is found by the first sweep after start.
 */
@Injectable()
export class WorkflowTimers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkflowTimers.name);
  private readonly timed = timedStates(ALL_WORKFLOWS);
  private interval: NodeJS.Timeout | null = null;
  private sweeping: Promise<number> | null = null;

  constructor(
    private readonly repository: WorkflowTimersRepository,
    private readonly runner: WorkflowRunner,
    private readonly jobs: JobsService,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.WORKFLOW_TIMERS !== 'on') return;
    this.interval = setInterval(() => void this.sweep().catch((error: Error) => this.logger.warn(`timer sweep: ${error.message}`)), this.config.WORKFLOW_TIMER_SWEEP_MS);
    this.interval.unref();
    void this.sweep().catch((error: Error) => this.logger.warn(`timer sweep: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.interval) clearInterval(this.interval);
    await this.sweeping?.catch(() => undefined);
  }

  /** Queues a job for every passed timed deadline (one sweep at a time in this process); returns how many were found. */
  sweep(): Promise<number> {
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<number> {
    const due = await this.repository.dueTimers(this.db, this.timed);
    for (const timer of due) {
      await this.jobs.enqueue('workflow-timer', { deadlineId: timer.deadlineId, version: timer.version }, jobId('workflow-timer', timer.deadlineId, timer.version));
    }
    return due.length;
  }

  /** One timer job: reload, skip what no longer applies, fire the state's timer action as the system. */
  async run({ deadlineId, version }: JobPayloads['workflow-timer']): Promise<TimerOutcome> {
    const deadline = await this.repository.deadline(this.db, deadlineId);
    if (!deadline) return { outcome: 'skipped', reason: 'the deadline is gone' };
    if (deadline.status !== 'active') return { outcome: 'skipped', reason: 'the deadline is no longer running' };
    if (deadline.version !== version) return { outcome: 'skipped', reason: 'superseded by a newer deadline version' };
    if (!deadline.passed) return { outcome: 'skipped', reason: 'the deadline has not passed' };
    if (!this.runner.hasAdapter(deadline.subjectType)) throw new Error(`no workflow adapter for ${deadline.subjectType} in this process`);
    const adapter = this.runner.adapter(deadline.subjectType);
    const record = await adapter.load(this.db, deadline.subjectId, { lock: false });
    if (!record) return { outcome: 'skipped', reason: 'the record is gone' };
    const action = timerAction(adapter.definitionOf(record), record.state, deadline.key);
    if (!action) return { outcome: 'skipped', reason: `no timer on ${deadline.key} in state ${record.state}` };
    try {
      const { historyId } = await this.runner.fireAsSystem(deadline.subjectType, record.id, { action, expectedVersion: record.version });
      this.logger.log(`timer ${deadline.key} of ${deadline.subjectType} ${record.id}: fired ${action}`);
      return { outcome: 'fired', historyId };
    } catch (error) {
      if (error instanceof DomainError && MOVED_ON.has(error.code)) return { outcome: 'skipped', reason: `${error.code}: ${error.message}` };
      throw error;
    }
  }
}
