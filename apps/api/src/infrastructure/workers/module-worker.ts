import { join, resolve } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/*
 * A worker thread running one of the API's own modules (a `*.worker.ts` beside its caller), for work that must not
 * run on the event loop (issue 16: workbooks; issue 15: report rendering). The built app runs the compiled .js file
 * as it is. Under jest (ts-jest) the caller is the .ts source and there is no compiled worker: a small bootstrap
 * registers ts-node (transpile only) in the worker and maps the workspace libraries to their sources as jest's
 * moduleNameMapper does, so a worker never runs a stale or missing libs/*\/dist.
 */

const REPOSITORY_ROOT = resolve(__dirname, '../../../../..');
const SOURCE_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const source = workerData.source;
require(source.tsNode).register({ transpileOnly: true, project: source.tsconfig, compilerOptions: { rootDir: source.root } });
const Module = require('node:module');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, source.aliases[request] ?? request, ...rest);
};
require(source.entry);
`;
/** The TypeScript compiler that ts-node loads into a worker needs heap of its own (tests only). */
const SOURCE_EXTRA_MEMORY_MB = 192;

/**
 * Starts `<directory>/<name>.worker.js` (or, from source, `.ts`) with `workerData`. `callerFile` is the caller's
 * `__filename`: it tells the built app from the sources.
 */
export function startModuleWorker(callerFile: string, directory: string, name: string, workerData: unknown, resourceLimits: ResourceLimits): Worker {
  if (!callerFile.endsWith('.ts')) return new Worker(join(directory, `${name}.worker.js`), { workerData, resourceLimits });
  const source = {
    tsNode: require.resolve('ts-node'),
    tsconfig: join(REPOSITORY_ROOT, 'tsconfig.spec.json'),
    // TypeScript 6 wants rootDir set when it would otherwise infer one; nothing is emitted, so the root will do.
    root: REPOSITORY_ROOT,
    entry: join(directory, `${name}.worker.ts`),
    aliases: {
      '@evalflow/domain': join(REPOSITORY_ROOT, 'libs/domain/src/index.ts'),
      '@evalflow/workflow': join(REPOSITORY_ROOT, 'libs/workflow/src/index.ts'),
    },
  };
  return new Worker(SOURCE_BOOTSTRAP, {
    eval: true,
    workerData: { ...(workerData as object), source },
    resourceLimits: { ...resourceLimits, maxOldGenerationSizeMb: (resourceLimits.maxOldGenerationSizeMb ?? 64) + SOURCE_EXTRA_MEMORY_MB },
  });
}
