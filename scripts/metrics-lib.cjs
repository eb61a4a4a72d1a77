'use strict';
/*
 * Loads the built @evalflow/domain for the metrics scripts, building it first when the build is missing or older
 * than its sources (tsc -b is incremental: a no-op when up to date). Build output goes to stderr so stdout stays JSON.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const domainRoot = path.join(root, 'libs', 'domain');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (!entry.name.endsWith('.spec.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function loadDomain() {
  const built = path.join(domainRoot, 'dist', 'index.js');
  const stale = !fs.existsSync(built) || fs.statSync(built).mtimeMs < newestMtime(path.join(domainRoot, 'src'));
  if (stale) {
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-b', path.join(domainRoot, 'tsconfig.lib.json')], { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) {
      process.stderr.write(`building libs/domain failed:\n${result.stdout}${result.stderr}`);
      process.exit(2);
    }
    // tsc -b skips emitting when its build info says up to date; touch the entry so the next run does not rebuild.
    if (fs.existsSync(built)) fs.utimesSync(built, new Date(), new Date());
  }
  return require(built);
}

module.exports = { root, loadDomain };
