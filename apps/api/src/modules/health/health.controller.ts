import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Response } from 'express';
import { Public } from '../../authz/decorators';
import { ApiErrors } from '../../common/api-errors.decorator';
import { HealthResponse } from '../../common/response-dtos';
import { APP_CONFIG, type AppConfig } from '../../config/config.schema';
import { JobsService } from '../../infrastructure/queue/jobs.service';
import { MailService } from '../../infrastructure/mail/mail.service';

export interface ServiceCheck {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
  [detail: string]: unknown;
}

/** Resolves with the check, or 'down' with the reason when it fails or takes longer than `timeoutMs`. */
async function check(probe: () => Promise<unknown>, timeoutMs: number, details: Record<string, unknown> = {}): Promise<ServiceCheck> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up', latencyMs: Date.now() - started, ...details };
  } catch (error) {
    return { status: 'down', latencyMs: Date.now() - started, error: (error as Error).message, ...details };
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: JobsService,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: '健康检查 Database, queue backend and SMTP, each checked separately; 503 when any is down', security: [] })
  @ZodResponse({ status: 200, type: HealthResponse })
  @ApiResponse({ status: 503, description: '服务降级 Some service is down (status: degraded; the checks say which)', type: HealthResponse.Output })
  @ApiErrors(400)
  async health(@Res({ passthrough: true }) res: Response) {
    const [database, queue, smtp] = await Promise.all([
      check(() => this.db.query('SELECT 1'), 3000),
      check(() => this.jobs.queue('mail').getJobCounts('waiting', 'failed'), 3000, { backend: this.config.queueBackend }),
      check(() => this.mail.verify(), 5000, { host: this.mail.host }),
    ]);
    const up = [database, queue, smtp].every((c) => c.status === 'up');
    res.status(up ? 200 : 503);
    return { status: up ? ('ok' as const) : ('degraded' as const), checks: { database, queue, smtp } };
  }
}
