import { existsSync } from 'node:fs';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { Logger } from 'nestjs-pino';
import helmet from 'helmet';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppModule } from './app.module';
import { isApiPath } from './common/api-path';
import { normaliseNullableDtoProperties } from './common/openapi-nullable';
import { rejectControlCharactersInQuery } from './common/query-text.middleware';
import type { AppConfig } from './config/config.schema';

/** Builds the HTTP application (used by main.ts and by the integration tests alike). */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config, { http: true, processors: config.WORKER_MODE === 'inline' }), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // Ant Design and Swagger UI inject style elements at run time.
          styleSrc: ["'self'", "'unsafe-inline'"],
          // blob: the page's preview of an attached image or PDF (fetched with the token, shown from an object URL).
          imgSrc: ["'self'", 'data:', 'blob:'],
          frameSrc: ["'self'", 'blob:'],
          scriptSrc: ["'self'"],
          connectSrc: ["'self'"],
        },
      },
    }),
  );
  app.use(cookieParser());
  app.useBodyParser('json', { limit: config.BODY_LIMIT });
  app.use(rejectControlCharactersInQuery);
  app.setGlobalPrefix('api');
  setUpOpenApi(app);
  serveWeb(app, config);
  app.use(bodyParserErrors);
  return app;
}

function setUpOpenApi(app: NestExpressApplication): void {
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs/openapi.json' });
}

/** The tags of the document, each described (the controllers' @ApiTags name them). */
const OPENAPI_TAGS: Record<string, string> = {
  auth: '登录 Sign-in, token refresh, sign-out and the signed-in user (login and refresh are public)',
  health: '健康检查 Database, queue backend and SMTP (public)',
  regions: '行政区划 The jurisdiction hierarchy',
  organisations: '机构 Finance bureaus, departments and evaluation agencies',
  users: '用户 Accounts and their roles',
  frameworks: '指标体系 Indicator frameworks: published versions, drafts, validation, Excel exchange',
  evaluations: '评价项目 Evaluations: terms, lifecycle, tasks, and the work of each stage (indicators, scores, findings)',
  workflow: '流转 Lifecycle transitions, available actions and history of workflow items',
  rectification: '整改 Rectification items of an evaluation and their lifecycle',
  'document-requests': '资料清单 Document requests of an evaluation and their lifecycle',
  'working-papers': '工作底稿 The team’s working papers, their review (复核), and what findings cite as evidence (依据)',
  attachments: '附件 Files attached to document requests, findings, answers, working papers and rectification items: upload, versions, withdrawal, download',
  budget: '预算数据 Budget data, metrics, proposed findings and thresholds',
  reminders: '期限与提醒 Stage deadlines and reminder policies',
  notifications: '通知 The signed-in user\'s notifications and mail preferences',
  admin: '运维 Operations (system administrators)',
  reports: '评价报告 The versions of an evaluation’s report (each draft for comment, each final approval) with their model, Word documents and comparison; the bureaus’ report templates',
  publication: '文号与公开 Document-number patterns of a bureau, and publishing an approved final report to the public',
  public: '公开的评价报告 Published reports for everyone, without signing in: list, score table, PDF',
};

/**
 * The OpenAPI document of the app's routes: OpenAPI 3.1, because the zod schemas become JSON Schema 2020-12
 * (`type: [string, null]`, `propertyNames`, `const`), which 3.1 takes as is and 3.0 does not. Every operation
 * declares bearer security (or `security: []` when public), its answers and its error answers (ApiErrors).
 * Used by setUpOpenApi and by scripts/lint-openapi.cjs (which builds it from an app that never connects anywhere).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Evalflow API')
    .setDescription('预算绩效评价 workflow and approval system. Errors: {code, message, details}.')
    .setVersion('0.1.0')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer('/', 'This server (the API is served under /api)')
    .addBearerAuth();
  for (const [name, description] of Object.entries(OPENAPI_TAGS)) builder.addTag(name, description);
  normaliseNullableDtoProperties(app);
  const document = cleanupOpenApiDoc(SwaggerModule.createDocument(app, builder.build()), { version: '3.1' });
  // Only the tags some route uses (the workflow tag arrives with its controller).
  const used = new Set(Object.values(document.paths).flatMap((item) => Object.values(item as Record<string, { tags?: string[] }>).flatMap((op) => op.tags ?? [])));
  document.tags = (document.tags ?? []).filter((tag) => used.has(tag.name));
  return document;
}

/** The built web app, on the same port: static files, and index.html for every other non-API GET (SPA routes). */
function serveWeb(app: NestExpressApplication, config: AppConfig): void {
  const dist = path.resolve(config.WEB_DIST_DIR ?? path.join(__dirname, '../../web/dist'));
  if (!existsSync(path.join(dist, 'index.html'))) return;
  app.use(express.static(dist, { index: false, maxAge: '1h' }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || isApiPath(req.path)) return next();
    res.sendFile(path.join(dist, 'index.html'));
  });
}

/** body-parser fails before Nest routes the request; answer in the same {code, message} shape. */
function bodyParserErrors(error: { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction): void {
  if (!error || typeof error.type !== 'string') return next(error);
  if (error.type === 'entity.too.large') res.status(413).json({ code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' });
  else res.status(400).json({ code: 'VALIDATION_FAILED', message: 'The request body is not valid JSON' });
}
