'use strict';
/* Starts the compiled API (apps/api/dist/main.js or worker.js) as a child process against given services, for the benchmarks. */
const { spawn } = require('node:child_process');
const path = require('node:path');
const fs = require('node:fs');
const lib = require('./lib.cjs');

const JWT_SECRET = 'bench-jwt-secret-bench-jwt-secret-0000000';

/** `dist`: another build of the API to start (a before/after comparison in one run), apps/api/dist by default. */
async function startApi({ databaseUrl, redisUrl, smtpUrl, env = {}, nodeArgs = [], script = 'main.js', name = 'api', readyText = 'Evalflow is up', dist = lib.DIST }) {
  const port = await lib.freePort();
  const dataDir = path.join(lib.BENCH_DIR, `${name}-data`);
  fs.mkdirSync(dataDir, { recursive: true });
  const child = spawn(process.execPath, [...nodeArgs, path.join(dist, script)], {
    cwd: lib.BENCH_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl ?? '',
      SMTP_URL: smtpUrl ?? '',
      MAIL_SINK_SMTP_PORT: String(await lib.freePort()),
      MAIL_SINK_WEB_PORT: String(await lib.freePort()),
      PORT: String(port),
      HOST: '127.0.0.1',
      EVALFLOW_DATA_DIR: dataDir,
      JWT_SECRET,
      DEMO_DATA: 'off',
      WORKFLOW_TIMERS: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not up within 120 s:\n${output.slice(-2000)}`)), 120_000);
    child.stdout.on('data', (c) => {
      output = (output + c).slice(-200_000);
      if (!readyText || output.includes(readyText)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (c) => (output = (output + c).slice(-200_000)));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}):\n${output.slice(-2000)}`));
    });
  });
  if (readyText) await ready;
  else ready.catch(() => undefined);
  // Background work of a fresh start (the report documents rendered on the reports queue, the relay's first
  // sweep) would otherwise be measured with the first requests: wait until the process is idle (< 5 % of a core
  // over a second, at most 90 s).
  if (readyText) await settle(child.pid);
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      await new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
      });
    },
  };
}

function cpuTicks(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

async function settle(pid, limitMs = 90_000) {
  const started = Date.now();
  for (;;) {
    const before = cpuTicks(pid);
    await new Promise((r) => setTimeout(r, 1000));
    const after = cpuTicks(pid);
    if (before === null || after === null || after - before <= 5 || Date.now() - started > limitMs) return Date.now() - started;
  }
}

async function login(base, username, password) {
  const response = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!response.ok) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  return (await response.json()).accessToken;
}

async function getJson(base, token, url) {
  const response = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

module.exports = { startApi, login, getJson };
