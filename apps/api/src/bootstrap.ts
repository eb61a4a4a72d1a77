import { existsSync } from 'node:fs';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { Logger } from 'nestjs-pino';
import helmet from 'helmet';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppModule } from './app.module';
import { isApiPath } from './common/api-path';
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
          imgSrc: ["'self'", 'data:'],
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
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Evalflow API')
      .setDescription('预算绩效评价 workflow and approval system. Errors: {code, message, details}.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, cleanupOpenApiDoc(document), { jsonDocumentUrl: 'api/docs/openapi.json' });
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
