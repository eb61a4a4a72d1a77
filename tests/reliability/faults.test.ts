import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createTestApp, eventually, type TestApp } from '../support/test-app';
import { createKeyEvaluation, keyEvaluationInFieldwork, lookupIds, type Ids } from '../support/evaluation-steps';
import { freePort } from '../support/services';
import { MailSink, type SinkMessage } from '../../apps/api/src/infrastructure/mail/mail-sink';
import { FAULT_RECORDS, Watchdog } from './reliability';

/*
 * Reliability (issue 15 §3), faults, with the built API (apps/api/dist/main.js) in processes of its own, started and
 * killed by the suite, against real PostgreSQL and Redis and an SMTP sink of this suite's own:
 *  - an API process SIGKILLed in the middle of FAULT_RECORDS concurrent transitions;
 *  - an API process SIGKILLed in the middle of uploads;
 *  - Redis stopped in the middle of transitions and started again (its append-only file kept, as a production Redis);
 *  - every PostgreSQL connection cut in the middle of transitions (what a restart of the server does to the app);
 *  - the SMTP server refusing while the notices go out.
 * Afterwards, with counts: every transition that was answered 2xx is in the history exactly once and a retry of the
 * unanswered ones is either applied or 409 (never twice); every record's state is its last history entry's to_state;
 * every outbox row is relayed (none lost, none left pending); every notice mail arrives exactly once; every stored
 * stored file row has its bytes, no temp file is left, and content stored by an upload cut off before its rows were
 * written is counted (at most one per cut-off upload; no sweep removes it yet). `tests/integration/delivery-faults.test.ts`
 * covers a worker killed (SIGKILL) or stopped (SIGTERM) mid-send.
 */
jest.setTimeout(600_000);

const MAIN = path.resolve(__dirname, '../../apps/api/dist/main.js');
/** Commissioning a key evaluation notifies the department (head, staff) and the team (lead, evaluator). */
const NOTICES_PER_COMMISSION = 4;

let sink: MailSink;
let t: TestApp;
let ids: Ids;
let dataDir: string;
const watchdog = new Watchdog();
const children: ChildProcess[] = [];

interface ApiProcess {
  child: ChildProcess;
  url: string;
  output: string[];
}

async function startApi(env: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: t.databaseUrl,
      REDIS_URL: t.config.REDIS_URL!,
      QUEUE_PREFIX: t.config.QUEUE_PREFIX,
      SMTP_URL: sink.smtpUrl,
      JWT_SECRET: t.config.JWT_SECRET,
      EVALFLOW_DATA_DIR: dataDir,
      DEMO_DATA: 'off',
      WORKFLOW_TIMERS: 'off',
      AUTH_RATE_LIMIT_PER_MINUTE: '10000',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}): ${output.join('').slice(-1500)}`);
    return output.join('').includes('Evalflow is up');
  }, 90_000);
  return { child, url: `http://127.0.0.1:${port}`, output };
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });

async function kill(api: ApiProcess): Promise<void> {
  api.child.kill('SIGKILL');
  await exited(api.child);
}

type Outcome = { status: number; body: Record<string, unknown> } | { error: string };

async function call(api: ApiProcess, username: string, method: string, route: string, body?: unknown): Promise<Outcome> {
  try {
    const response = await fetch(`${api.url}/api${route}`, {
      method,
      headers: { Authorization: `Bearer ${await t.token(username)}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const answered = (outcome: Outcome): outcome is { status: number; body: Record<string, unknown> } => 'status' in outcome;
const mailsAbout = (title: string): SinkMessage[] => sink.messages.filter((mail) => mail.subject.includes(title));

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the api first (npx nx run api:build; npm test does it)`);
  sink = new MailSink({ smtpPort: 0, webPort: 0 });
  await sink.start();
  dataDir = mkdtempSync(path.join(tmpdir(), 'evalflow-faults-'));
  // The in-process app builds the fixtures and relays and sends like any other process on the database.
  t = await createTestApp({ env: { SMTP_URL: sink.smtpUrl, EVALFLOW_DATA_DIR: dataDir } });
  ids = await lookupIds(t);
}, 180_000);
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  watchdog.report('faults');
  await t?.close();
  await sink?.stop();
});

/** Drafts with a unique title each (their notice mails carry it). */
async function drafts(count: number, tag: string): Promise<{ id: string; title: string }[]> {
  const made: { id: string; title: string }[] = [];
  for (let n = 0; n < count; n++) {
    const title = `${tag} ${randomBytes(3).toString('hex')}`;
    made.push({ id: (await createKeyEvaluation(t, ids, { title })).id, title });
  }
  return made;
}

/**
 * The invariants after a fault, for evaluations that were each commissioned once (from version 1): one commission
 * in the history, state and version as the history says, every outbox row relayed, four notice mails each, once.
 */
async function expectCommittedOnce(evaluations: { id: string; title: string }[]): Promise<void> {
  const list = evaluations.map((e) => e.id);
  const history: { aggregate_id: string; n: string; last_to: string }[] = await t.db.query(
    `SELECT aggregate_id, count(*) AS n, (array_agg(to_state ORDER BY seq DESC))[1] AS last_to FROM workflow_history WHERE aggregate_id = ANY($1) AND action = 'commission' GROUP BY aggregate_id`,
    [list],
  );
  expect(history.filter((h) => h.n === '1').length).toBe(evaluations.length);
  const rows: { id: string; state: string; version: number; last_to: string; entries: string }[] = await t.db.query(
    `SELECT e.id, e.state, e.version, (SELECT h.to_state FROM workflow_history h WHERE h.aggregate_id = e.id ORDER BY h.seq DESC LIMIT 1) AS last_to,
            (SELECT count(*) FROM workflow_history h WHERE h.aggregate_id = e.id) AS entries
       FROM evaluations e WHERE e.id = ANY($1)`,
    [list],
  );
  for (const row of rows) expect({ state: row.state, version: row.version }).toEqual({ state: row.last_to, version: 1 + Number(row.entries) });
  // Every committed transition's outbox rows are there (same transaction) and get relayed: none lost, none stuck.
  const withoutOutbox = await t.db.query(`SELECT h.id FROM workflow_history h WHERE h.aggregate_id = ANY($1) AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.history_id = h.id)`, [list]);
  expect(withoutOutbox).toEqual([]);
  await eventually(async () => (await t.db.query(`SELECT count(*) AS n FROM outbox WHERE aggregate_id = ANY($1) AND dispatched_at IS NULL`, [list]))[0].n === '0', 120_000);
  // Every notice mail exactly once.
  await eventually(async () => evaluations.every((e) => mailsAbout(e.title).length >= NOTICES_PER_COMMISSION), 120_000);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const counts = evaluations.map((e) => {
    const mails = mailsAbout(e.title);
    return { recipients: mails.flatMap((m) => m.to).length, distinct: new Set(mails.flatMap((m) => m.to)).size };
  });
  expect(counts).toEqual(evaluations.map(() => ({ recipients: NOTICES_PER_COMMISSION, distinct: NOTICES_PER_COMMISSION })));
}

/** Commissions every draft at once through `api`; `fault` runs once a third have been answered. */
async function commissionUnder(api: ApiProcess, evaluations: { id: string }[], fault: () => Promise<void>): Promise<Outcome[]> {
  let done = 0;
  let faulted: Promise<void> | null = null;
  const outcomes = await watchdog.during('transitions under a fault', () =>
    Promise.all(
      evaluations.map(async ({ id }) => {
        const outcome = await call(api, 'finance.officer', 'POST', `/evaluations/${id}/transitions`, { action: 'commission', expectedVersion: 1 });
        if (++done === Math.ceil(evaluations.length / 3) && !faulted) faulted = fault();
        return outcome;
      }),
    ),
  );
  await (faulted ?? fault());
  return outcomes;
}

/** The transitions left without an answer, sent again: applied now (200) or already applied (409), never twice. */
async function retryUnanswered(api: ApiProcess, evaluations: { id: string }[], outcomes: Outcome[]): Promise<Record<string, number>> {
  const tally: Record<string, number> = {};
  for (const [index, outcome] of outcomes.entries()) {
    let final = outcome;
    if (!answered(final) || final.status >= 500) final = await call(api, 'finance.officer', 'POST', `/evaluations/${evaluations[index].id}/transitions`, { action: 'commission', expectedVersion: 1 });
    const key = answered(outcome) ? String(outcome.status) : 'no answer';
    tally[key] = (tally[key] ?? 0) + 1;
    expect(answered(final) && [200, 409].includes(final.status)).toBe(true);
  }
  return tally;
}

describe('an API process killed (SIGKILL) in the middle of transitions', () => {
  it('every answered transition is there once, the unanswered are applied at most once, outbox and mails complete', async () => {
    const evaluations = await drafts(FAULT_RECORDS, '进程故障测试');
    const first = await startApi();
    const outcomes = await commissionUnder(first, evaluations, () => kill(first));
    const second = await startApi();
    const tally = await retryUnanswered(second, evaluations, outcomes);
    process.stdout.write(`[reliability] API SIGKILL mid-transitions: first answers ${JSON.stringify(tally)}\n`);
    await expectCommittedOnce(evaluations);
    await kill(second);
  });
});

describe('an API process killed (SIGKILL) in the middle of uploads', () => {
  it('every answered upload is there with its bytes, no temp file is left, unreferenced content only from cut-off uploads', async () => {
    const evaluation = await keyEvaluationInFieldwork(t, ids);
    const token = await t.token('dept.staff');
    const first = await startApi();
    // The clerk uploads, so the item is the clerk's (an item is answered by its owner and the department head).
    const [staff] = await t.db.query(`SELECT id FROM users WHERE username = 'dept.staff'`);
    const request = await call(first, 'eval.lead', 'POST', `/evaluations/${evaluation}/document-requests`, { title: '会计凭证（故障测试）', ownerUserId: staff.id });
    expect(answered(request) && request.status).toBe(201);
    const requestId = (answered(request) ? request.body.id : '') as string;
    const upload = async (n: number): Promise<{ name: string; status: number | null }> => {
      const name = `凭证${n}-${randomBytes(2).toString('hex')}.txt`;
      const form = new FormData();
      // A few MB each, so that some are still streaming when the process dies.
      form.append('file', new Blob([Buffer.from(`第${n}号凭证\n`.repeat(200_000 + n * 10_000))], { type: 'text/plain' }), name);
      try {
        const response = await fetch(`${first.url}/api/attachments?subjectType=document_request&subjectId=${requestId}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
        return { name, status: response.status };
      } catch {
        return { name, status: null };
      }
    };
    const count = Math.max(6, Math.round(FAULT_RECORDS / 2));
    let done = 0;
    let killing: Promise<void> | null = null;
    const results = await Promise.all(
      Array.from({ length: count }, async (_, n) => {
        const result = await upload(n);
        if (++done === 2 && !killing) killing = kill(first);
        return result;
      }),
    );
    await (killing ?? kill(first));
    // A process that starts on the data folder removes what the dead one left in files/tmp.
    const second = await startApi();
    const stored: { sha256: string; file_name: string }[] = await t.db.query(
      `SELECT s.sha256, a.file_name FROM attachments a JOIN stored_files s ON s.sha256 = a.sha256 WHERE a.subject_id = $1`,
      [requestId],
    );
    for (const result of results.filter((r) => r.status === 201)) expect(stored.map((s) => s.file_name)).toContain(result.name);
    const files = path.join(dataDir, 'files');
    const onDisk = walk(files).filter((file) => !file.startsWith(path.join(files, 'tmp')) && !file.startsWith(path.join(files, 'quarantine')));
    const rows: { sha256: string }[] = await t.db.query(`SELECT sha256 FROM stored_files`);
    // Every row has its bytes. Bytes are stored before their rows are written (attachments.service: a row never
    // names bytes that are not there), so an upload cut off between the two leaves its content unreferenced — reused
    // by the next upload of the same bytes, but not yet swept: counted here, and only ever from an unanswered upload.
    expect(rows.filter((row) => !onDisk.some((file) => file.endsWith(row.sha256))).map((row) => row.sha256)).toEqual([]);
    const unreferenced = onDisk.filter((file) => !rows.some((row) => file.endsWith(row.sha256)));
    const cutOff = results.filter((r) => r.status !== 201).length;
    expect(unreferenced.length).toBeLessThanOrEqual(cutOff);
    expect(readdirSync(path.join(files, 'tmp'))).toEqual([]);
    process.stdout.write(
      `[reliability] API SIGKILL mid-uploads: ${count - cutOff} of ${count} uploads answered 201, ${cutOff} cut off; ${rows.length} stored files, all with their bytes; ${unreferenced.length} stored contents left unreferenced by cut-off uploads; no temp file left\n`,
    );
    await kill(second);
  });
});

describe('Redis stopped in the middle of transitions, then started again', () => {
  it('transitions are answered or refused cleanly, and once Redis is back every notice goes out once', async () => {
    const port = await freePort();
    const redisDir = mkdtempSync(path.join(tmpdir(), 'evalflow-faults-redis-'));
    // Like a production Redis: the append-only file keeps the queues across a restart.
    const startOwnRedis = async () => {
      const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', redisDir], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      const output: string[] = [];
      child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      await eventually(async () => output.join('').includes('Ready to accept connections'), 20_000);
      return child;
    };
    let redis = await startOwnRedis();
    const api = await startApi({ REDIS_URL: `redis://127.0.0.1:${port}` });
    const evaluations = await drafts(FAULT_RECORDS, 'Redis故障测试');
    const outcomes = await commissionUnder(api, evaluations, async () => {
      redis.kill('SIGKILL');
      await exited(redis);
    });
    for (const outcome of outcomes) if (answered(outcome)) expect(outcome.status).toBeLessThan(500);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    redis = await startOwnRedis();
    const tally = await retryUnanswered(api, evaluations, outcomes);
    process.stdout.write(`[reliability] Redis killed mid-transitions: answers ${JSON.stringify(tally)}\n`);
    // Either process may relay the rows (each claims them with SKIP LOCKED): still once each.
    await expectCommittedOnce(evaluations);
    await kill(api);
    redis.kill('SIGTERM');
    await exited(redis);
  });
});

describe('every PostgreSQL connection cut in the middle of transitions (as a server restart does)', () => {
  it('the app reconnects; answered transitions are there once, the others applied at most once', async () => {
    const api = await startApi();
    const evaluations = await drafts(FAULT_RECORDS, '数据库故障测试');
    const outcomes = await commissionUnder(api, evaluations, async () => {
      await t.db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    });
    const tally = await retryUnanswered(api, evaluations, outcomes);
    process.stdout.write(`[reliability] PostgreSQL connections cut mid-transitions: answers ${JSON.stringify(tally)}\n`);
    await expectCommittedOnce(evaluations);
    await kill(api);
  });
});

describe('the SMTP server refusing while the notices go out', () => {
  it('every notice arrives once after it recovers', async () => {
    const api = await startApi();
    sink.refuseWith = { code: 451, message: '4.3.0 Mail server temporarily unavailable' };
    const evaluations = await drafts(Math.max(3, Math.round(FAULT_RECORDS / 4)), '邮件故障测试');
    const outcomes = await commissionUnder(api, evaluations, async () => undefined);
    expect(outcomes.every((o) => answered(o) && o.status === 200)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(evaluations.flatMap((e) => mailsAbout(e.title))).toEqual([]);
    sink.refuseWith = null;
    await expectCommittedOnce(evaluations);
    await kill(api);
  });
});

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? walk(file) : [file];
  });
}
