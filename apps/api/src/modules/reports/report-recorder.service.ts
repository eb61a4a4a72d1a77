import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ReportsService } from './reports.service';

const SWEEP_MS = 2000;

/**
 * In every process that runs queue processors: every two seconds, the issuing history entries without their
 * document get one (and its rendering queued); documents whose rendering was lost are queued again. Any number of
 * processes may sweep at once (one document per entry).
 */
@Injectable()
export class ReportRecorder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reports');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly reports: ReportsService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.sweep(), SWEEP_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private sweep(): void {
    if (this.running) return;
    this.running = (async () => {
      await this.reports.recordPending();
      await this.reports.requeueStale();
    })()
      .catch((error: Error) => this.logger.warn(`report sweep: ${error.message}`))
      .finally(() => {
        this.running = null;
      });
  }
}
