#!/usr/bin/env node
/**
 * `npm run lint:openapi`: builds the API's OpenAPI document and lints it with Redocly's recommended rules
 * (redocly.yaml). No server is started and nothing is connected to: the Nest app is created in preview mode (modules
 * and routes are scanned, no provider is instantiated, so the database, Redis and SMTP URLs below point nowhere) and
 * the document comes from the same buildOpenApiDocument() that serves /api/docs/openapi.json.
 *
 *   node scripts/lint-openapi.cjs [--out file.json]   (--out keeps the document; otherwise a temp file is removed)
 *
 * Reads the compiled API (apps/api/dist): `tsc -b` first, a no-op when the type-check step already built it.
 * The operations listed in lint-openapi.pending.json (routes of the workflow change still being declared) are left
 * out of the linted copy, said so on the output; the list only shrinks (tests/integration/openapi.test.ts).
 */
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const outIndex = process.argv.indexOf('--out');
const keep = outIndex > 0 ? path.resolve(process.argv[outIndex + 1] ?? 'openapi.json') : null;

async function buildDocument() {
  try {
    execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-b', 'apps/api/tsconfig.app.json'], { cwd: root, stdio: 'inherit' });
  } catch {
    console.error('[lint-openapi] the API does not compile (tsc -b apps/api/tsconfig.app.json): no document to lint');
    process.exit(1);
  }
  const { NestFactory } = require(path.join(root, 'node_modules/@nestjs/core'));
  const { AppModule } = require(path.join(root, 'apps/api/dist/app.module'));
  const { parseEnvironment, resolveConfig } = require(path.join(root, 'apps/api/dist/config/config.schema'));
  const { buildOpenApiDocument } = require(path.join(root, 'apps/api/dist/bootstrap'));
  const nowhere = 'nowhere.invalid';
  const config = resolveConfig(
    parseEnvironment({
      NODE_ENV: 'production',
      DATABASE_URL: `postgres://${nowhere}:1/evalflow`,
      REDIS_URL: `redis://${nowhere}:1`,
      SMTP_URL: `smtp://${nowhere}:1`,
      JWT_SECRET: 'openapi-lint-'.padEnd(48, 'x'),
      LOG_LEVEL: 'silent',
    }),
    {},
  );
  const app = await NestFactory.create(AppModule.forConfig(config, { http: true, processors: false }), { preview: true, logger: false, abortOnError: false });
  app.setGlobalPrefix('api');
  const document = buildOpenApiDocument(app);
  await app.close();
  return document;
}

/** Component schemas no $ref points to. */
function unreferenced(document) {
  const text = JSON.stringify({ ...document, components: { ...document.components, schemas: undefined } });
  const schemas = document.components?.schemas ?? {};
  const used = new Set([...text.matchAll(/#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1]));
  // Schemas referenced from schemas that are used themselves count too.
  for (let grew = true; grew; ) {
    grew = false;
    for (const name of [...used]) {
      for (const match of JSON.stringify(schemas[name] ?? {}).matchAll(/#\/components\/schemas\/([^"]+)"/g)) {
        if (!used.has(match[1])) (used.add(match[1]), (grew = true));
      }
    }
  }
  return Object.keys(schemas).filter((name) => !used.has(name));
}

/**
 * Removes the pending operations (and path items left empty) from the copy that is linted, and the schemas only they
 * used (a schema unused before stays, so no-unused-components still sees it); returns how many operations.
 */
function withoutPending(document) {
  const { operations } = JSON.parse(readFileSync(path.join(__dirname, 'lint-openapi.pending.json'), 'utf8'));
  const unusedBefore = new Set(unreferenced(document));
  let removed = 0;
  for (const key of operations) {
    const [method, route] = key.split(' ');
    const item = document.paths[route];
    if (!item || !item[method.toLowerCase()]) continue;
    delete item[method.toLowerCase()];
    removed++;
    if (Object.keys(item).length === 0) delete document.paths[route];
  }
  for (const name of unreferenced(document)) if (!unusedBefore.has(name)) delete document.components.schemas[name];
  return removed;
}

async function main() {
  const document = await buildDocument();
  const pending = withoutPending(document);
  const dir = keep ? null : mkdtempSync(path.join(os.tmpdir(), 'evalflow-openapi-'));
  const file = keep ?? path.join(dir, 'openapi.json');
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  const operations = Object.values(document.paths).reduce((n, item) => n + Object.keys(item).length, 0);
  console.log(`[lint-openapi] linting ${operations} operations, OpenAPI ${document.openapi} → ${file}`);
  if (pending) console.log(`[lint-openapi] ${pending} operations left out: still being declared (scripts/lint-openapi.pending.json)`);
  const result = spawnSync(path.join(root, 'node_modules/.bin/redocly'), ['lint', file, '--config', path.join(root, 'redocly.yaml'), '--format', 'stylish'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  if (dir) rmSync(dir, { recursive: true, force: true });
  process.exit(result.status ?? 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
