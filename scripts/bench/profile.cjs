'use strict';
/* Summarises a V8 .cpuprofile (node --cpu-prof): self time grouped by where the code lives (package, app module, node internals, GC, idle). */
const fs = require('node:fs');
const path = require('node:path');

function where(url, functionName) {
  if (!url) return functionName === '(garbage collector)' ? 'GC' : functionName === '(idle)' ? '(idle)' : functionName === '(program)' ? '(program: native, not JS)' : `(native ${functionName || 'code'})`;
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const app = /apps\/api\/dist\/(.+)\.js/.exec(url);
  if (app) return `app: ${app[1].split('/').slice(0, 2).join('/')}`;
  const libs = /libs\/([^/]+)\//.exec(url);
  if (libs) return `@evalflow/${libs[1]}`;
  return url.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
}

function summarizeProfile(dir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f));
  const totals = new Map();
  const functions = new Map();
  let all = 0;
  for (const file of files) {
    const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
    const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length) / 1000; // ms per sample
    for (const node of profile.nodes) {
      const ms = (node.hitCount ?? 0) * interval;
      if (!ms) continue;
      const { url, functionName } = node.callFrame;
      const key = where(url, functionName);
      totals.set(key, (totals.get(key) ?? 0) + ms);
      const fn = `${functionName || '(anonymous)'} (${key})`;
      functions.set(fn, (functions.get(fn) ?? 0) + ms);
      all += ms;
    }
  }
  const busy = all - (totals.get('(idle)') ?? 0);
  const top = [...totals.entries()].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 20).map(([name, ms]) => ({ name, ms, percent: (100 * ms) / busy }));
  const topFunctions = [...functions.entries()].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 15).map(([name, ms]) => ({ name, ms, percent: (100 * ms) / busy }));
  const allTop = [...totals.entries()].filter(([k]) => k !== '(idle)').map(([name, ms]) => ({ name, ms }));
  const allFunctions = [...functions.entries()].filter(([k]) => !k.startsWith('(idle)')).map(([name, ms]) => ({ name, ms }));
  return { files: files.length, busyMs: busy, idleMs: totals.get('(idle)') ?? 0, top, topFunctions, allTop, allFunctions };
}

/** The profile of a loaded run less the profile of a start and stop alone (start-up work: compiling modules, the OpenAPI document, the built-in report template). */
function diffProfiles(loaded, idle) {
  const minus = (list, base) => {
    const baseMs = new Map(base.map((t) => [t.name, t.ms]));
    const rows = list.map((t) => ({ name: t.name, ms: Math.max(0, t.ms - (baseMs.get(t.name) ?? 0)) }));
    const busy = rows.reduce((sum, t) => sum + t.ms, 0) || 1;
    return rows.sort((a, b) => b.ms - a.ms).map((t) => ({ ...t, percent: (100 * t.ms) / busy }));
  };
  return {
    files: loaded.files,
    busyMs: loaded.busyMs - idle.busyMs,
    idleMs: loaded.idleMs,
    startupMs: idle.busyMs,
    top: minus(loaded.allTop, idle.allTop).slice(0, 20),
    topFunctions: minus(loaded.allFunctions, idle.allFunctions).slice(0, 15),
  };
}

module.exports = { summarizeProfile, diffProfiles };
