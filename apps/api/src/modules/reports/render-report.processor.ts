import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type { JobPayloads } from '../../infrastructure/queue/jobs';
import { ReportsService } from './reports.service';

/** The `reports` queue: makes one document's .docx (and its PDF where it has one: reports.service.ts `render`), its stage as the job's progress; two at a time per process. */
@Processor('reports', { concurrency: 2 })
export class RenderReportProcessor extends WorkerHost {
  constructor(private readonly reports: ReportsService) {
    super();
  }

  async process(job: Job<JobPayloads['render-report']>): Promise<void> {
    const attempts = job.opts.attempts ?? 1;
    // Each stage is on the document (what the web shows) and on the job (what a queue dashboard shows).
    await this.reports.render(job.data.documentId, job.attemptsMade + 1 >= attempts, (progress) => job.updateProgress(progress));
  }
}
