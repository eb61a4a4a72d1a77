import { DynamicModule, Global, Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { ZodValidationPipe } from 'nestjs-zod';
import { APP_CONFIG, type AppConfig } from './config/config.schema';
import { dataSourceOptions } from './infrastructure/database/data-source';
import { QueueModule } from './infrastructure/queue/queue.module';
import { AppExceptionFilter } from './common/http-exception.filter';
import { AuthGuard } from './authz/auth.guard';
import { AuthModule } from './modules/auth/auth.module';
import { RegionsModule } from './modules/regions/regions.module';
import { OrganisationsModule } from './modules/organisations/organisations.module';
import { UsersModule } from './modules/users/users.module';
import { HealthModule } from './modules/health/health.module';
import { FrameworksModule } from './modules/frameworks/frameworks.module';
import { EvaluationsModule } from './modules/evaluations/evaluations.module';
import { WorkflowModule } from './modules/workflow/workflow.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { RemindersModule } from './modules/reminders/reminders.module';
import { AdminQueuesModule } from './modules/admin-queues/admin-queues.module';
import { BudgetModule } from './modules/budget/budget.module';
import { RectificationModule } from './modules/rectification/rectification.module';
import { DocumentRequestsModule } from './modules/document-requests/document-requests.module';
import { AttachmentsModule } from './modules/attachments/attachments.module';
import { WorkingPapersModule } from './modules/working-papers/working-papers.module';
import { ReportsModule } from './modules/reports/reports.module';
import { EvaluationEngineModule } from './modules/evaluations/evaluation-engine.module';
import { PublicationModule } from './modules/publication/publication.module';

@Global()
@Module({})
class ConfigModule {
  static forConfig(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}

/** What is never written to the log: credentials in headers and in bodies. */
export const LOG_REDACTIONS = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.refreshToken', '*.accessToken'];

export interface AppModuleOptions {
  /** Serve HTTP routes (false for the worker entry). */
  http: boolean;
  /** Run queue processors in this process. */
  processors: boolean;
}

@Module({})
export class AppModule {
  static forConfig(config: AppConfig, options: AppModuleOptions): DynamicModule {
    const httpModules = options.http
      ? [AuthModule, RegionsModule, OrganisationsModule, UsersModule, HealthModule, FrameworksModule, EvaluationsModule, RectificationModule, DocumentRequestsModule, AttachmentsModule, WorkingPapersModule, AdminQueuesModule, BudgetModule, PublicationModule]
      : // The worker fires the lifecycle timers through the engine: it needs the evaluation adapter (no routes).
        [EvaluationEngineModule];
    return {
      module: AppModule,
      imports: [
        ConfigModule.forConfig(config),
        LoggerModule.forRoot({
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.LOG_LEVEL,
            redact: { paths: LOG_REDACTIONS, censor: '[redacted]' },
            autoLogging: { ignore: (req) => req.url === '/api/health' },
            // One short line per request (issue 15: the default serializers wrote every request and response header,
            // ~1 KB a line, a visible share of the API's CPU under load): what was asked, by whom, and the answer.
            serializers: {
              req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({ id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            transport: config.NODE_ENV === 'development' && process.stdout.isTTY ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
          },
        }),
        TypeOrmModule.forRoot(dataSourceOptions(config.DATABASE_URL)),
        QueueModule.forConfig(config, { processors: options.processors }),
        WorkflowModule.forConfig({ processors: options.processors }),
        NotificationsModule.forConfig({ http: options.http }),
        RemindersModule.forConfig({ http: options.http, processors: options.processors }),
        ReportsModule.forConfig({ http: options.http, processors: options.processors }),
        ...httpModules,
      ],
      providers: options.http
        ? [
            { provide: APP_GUARD, useClass: AuthGuard },
            { provide: APP_FILTER, useClass: AppExceptionFilter },
            { provide: APP_PIPE, useClass: ZodValidationPipe },
          ]
        : [],
    };
  }
}
