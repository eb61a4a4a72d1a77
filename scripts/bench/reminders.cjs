'use strict';
/*
 * reminders: N `reminder` jobs (default 100,000) due at once, handled by worker processes of the built app
 * (apps/api/dist/worker.js) against a counting SMTP sink in its own process, on Redis and on BullMQ's PostgreSQL
 * backend, one after the other in the same run.
 *
 * The data: N deadlines (bulk SQL) on the scale database's evaluations, each due today and owned by the evaluated
 * department — every (evaluation, deadline key) pair not taken yet, department after department (not those of the
 * demo evaluations, whose copies the transitions benchmarks commission), so that the N
 * deadlines fall on about a thousand budget units and their ~3 people each (head and two staff): a few thousand
 * recipients with dozens of items each. Their reminder jobs are what the planner makes for a `due` point: the
 * `reminder_jobs` row (bulk SQL) and the BullMQ job with the app's own job id, payload and options (`jobId`,
 * `NOTIFY_JOB_OPTIONS` from apps/api/dist), added with addBulk to the paused `reminders` queue and released at once
 * (resume) on a boundary of the mail window, as the planner's delayed jobs are released at 09:00. The handler that
 * runs them is the app's (ReminderScheduler.remind → notifications, reminder_deliveries, reminder-mail per
 * recipient per window → one send-mail per recipient → nodemailer → the sink).
 *
 * Measured: the time from the release until every reminder is recorded in-app (the last reminder_jobs row marked
 * sent) and until the last coalesced mail reached the sink; counts proving exactly once (notifications per
 * (job, user), deliveries, mails per recipient, items listed per recipient across their mails, Message-IDs); and,
 * in the same run, the raw rate of nodemailer → the same sink with the same messages (rebuilt with the app's
 * reminderMail from the deliveries), the same transport settings and the same concurrency as the app's mail
 * processors — the base of the ratio. Everything the run adds is deleted afterwards. Traffic only to 127.0.0.1.
 */
const path = require('node:path');
const { fork } = require('node:child_process');
const lib = require('./lib.cjs');
const { startApi } = require('./api-process.cjs');

/** MAIL_CONCURRENCY of the workers (the app's default), and so the raw base's concurrency per worker. */
const SEND_MAIL_CONCURRENCY = 4;

/* ---------- the SMTP sink (a child process: `node reminders.cjs --sink`) ---------- */

function runSink() {
  const { SMTPServer } = require('smtp-server');
  let received = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    banner: 'bench sink',
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const headEnd = raw.indexOf('\r\n\r\n');
        const head = raw.subarray(0, headEnd > 0 ? headEnd : Math.min(raw.length, 8192)).toString('latin1');
        const id = /^Message-ID:\s*(<[^>\r\n]*>)/im.exec(head)?.[1] ?? null;
        received.push({ t: Date.now(), to: session.envelope.rcptTo.map((r) => r.address), messageId: id, bytes: raw.length, raw });
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  server.listen(0, '127.0.0.1', () => process.send({ cmd: 'ready', port: server.server.address().port }));
  process.on('message', async (m) => {
    if (m.cmd === 'stats') {
      const mine = received.filter((r) => !m.prefix || r.messageId?.startsWith(m.prefix));
      process.send({ cmd: 'stats', count: mine.length, first: mine[0]?.t ?? null, last: mine[mine.length - 1]?.t ?? null });
    } else if (m.cmd === 'reset') {
      received = [];
      process.send({ cmd: 'reset' });
    } else if (m.cmd === 'analyse') {
      // Each recipient's mails, the items they list (a line "N. 【…】…" per item) and any item listed twice.
      const { simpleParser } = require('mailparser');
      const mine = received.filter((r) => r.messageId?.startsWith(m.prefix));
      const perRecipient = new Map();
      const ids = new Map();
      let items = 0;
      let bytes = 0;
      for (const r of mine) {
        ids.set(r.messageId, (ids.get(r.messageId) ?? 0) + 1);
        bytes += r.bytes;
        const parsed = await simpleParser(r.raw);
        const lines = (parsed.text ?? '').split('\n').filter((l) => /^\d+\. /.test(l)).map((l) => l.replace(/^\d+\. /, ''));
        for (const to of r.to) {
          const entry = perRecipient.get(to) ?? { mails: 0, items: [] };
          entry.mails++;
          entry.items.push(...lines);
          perRecipient.set(to, entry);
        }
        items += lines.length;
        r.raw = null;
      }
      let itemsTwice = 0;
      let recipientsWithMoreThanOne = 0;
      let maxMails = 0;
      for (const entry of perRecipient.values()) {
        itemsTwice += entry.items.length - new Set(entry.items).size;
        if (entry.mails > 1) recipientsWithMoreThanOne++;
        maxMails = Math.max(maxMails, entry.mails);
      }
      process.send({
        cmd: 'analyse',
        mails: mine.length,
        messageIds: ids.size,
        messageIdsTwice: [...ids.values()].filter((n) => n > 1).length,
        recipients: perRecipient.size,
        recipientsWithMoreThanOne,
        maxMailsPerRecipient: maxMails,
        itemsListed: items,
        itemsListedTwice: itemsTwice,
        averageBytes: mine.length ? Math.round(bytes / mine.length) : 0,
        first: mine[0]?.t ?? null,
        last: mine[mine.length - 1]?.t ?? null,
      });
    } else if (m.cmd === 'stop') {
      server.close(() => process.exit(0));
      setTimeout(() => process.exit(0), 2000).unref();
    }
  });
}

async function startSink() {
  const child = fork(__filename, ['--sink'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map();
  child.on('message', (m) => {
    const w = waiting.get(m.cmd);
    if (w) {
      waiting.delete(m.cmd);
      w(m);
    }
  });
  const ask = (cmd, extra = {}) =>
    new Promise((resolve) => {
      waiting.set(cmd, resolve);
      child.send({ cmd, ...extra });
    });
  const ready = await new Promise((resolve, reject) => {
    waiting.set('ready', resolve);
    child.once('exit', (code) => reject(new Error(`the sink exited (${code})`)));
  });
  return {
    url: `smtp://127.0.0.1:${ready.port}`,
    stats: (prefix) => ask('stats', { prefix }),
    reset: () => ask('reset'),
    analyse: (prefix) => ask('analyse', { prefix }),
    stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.send({ cmd: 'stop' })))),
  };
}

/* ---------- the data ---------- */

const BENCH_MARK = 'bench_reminders';

/** Deletes what earlier runs (also a crashed one) added: bench deadlines and everything recorded about them. */
async function cleanup(db) {
  const { rows } = await db.query(`SELECT array_agg(id::text) AS ids FROM deadlines WHERE definition ? '${BENCH_MARK}'`);
  const ids = rows[0].ids ?? [];
  if (ids.length === 0) return 0;
  await db.query(`DELETE FROM notifications WHERE kind IN ('reminder', 'escalation') AND split_part(key, '|', 2) = ANY($1::text[])`, [ids]);
  await db.query(`DELETE FROM reminder_deliveries WHERE deadline_id = ANY($1::uuid[])`, [ids]);
  await db.query(`DELETE FROM reminder_jobs WHERE deadline_id = ANY($1::uuid[])`, [ids]);
  // Their rows in reminder_jobs and reminder_deliveries are gone: the foreign-key checks (one scan of each table per
  // deleted deadline — deadline_id has no full index there — minutes at 100k) can be skipped where we may.
  await db.query('BEGIN');
  try {
    await db.query(`SET LOCAL session_replication_role = replica`).catch(() => db.query('ROLLBACK').then(() => db.query('BEGIN')));
    await db.query(`DELETE FROM deadlines WHERE id = ANY($1::uuid[])`, [ids]);
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return ids.length;
}

/** N due deadlines of evaluated departments (department after department) and their planned `due` reminder jobs. */
async function setup(db, count, tag) {
  const { DEADLINE_KEYS, pointKey } = require('@evalflow/domain');
  const { jobId } = lib.dist('infrastructure/queue/jobs');
  const { ReminderClock } = lib.dist('modules/reminders/reminder-clock');
  const today = ReminderClock.beijingDay(new Date());
  const { rows } = await db.query(
    `INSERT INTO deadlines (subject_type, subject_id, key, kind, definition, due_on, beyond_calendar, status, started_on, owner_party)
     SELECT 'evaluation', c.id, c.key, 'calendar', jsonb_build_object('kind', 'calendar', 'date', $2::text, '${BENCH_MARK}', $3::text), $2::date, false, 'active', $2::date - 30, 'department'
     FROM (SELECT e.id, k.key FROM evaluations e CROSS JOIN unnest($4::text[]) k(key)
           WHERE NOT EXISTS (SELECT 1 FROM deadlines d WHERE d.subject_type = 'evaluation' AND d.subject_id = e.id AND d.key = k.key)
             -- Not the departments of the demo evaluations, whose copies the transitions commission (their start reminders would join these mails).
             AND e.department_id NOT IN (SELECT x.department_id FROM evaluations x WHERE x.reference NOT LIKE 'SC%')
           ORDER BY e.department_id, e.id, k.key LIMIT $1) c
     RETURNING id::text, version`,
    [count, today, tag, [...DEADLINE_KEYS]],
  );
  if (rows.length < count) throw new Error(`only ${rows.length} free (evaluation, key) pairs for ${count} deadlines`);
  const point = { point: 'due', index: 0, date: today };
  const jobs = rows.map((r) => ({ id: jobId('reminder', r.id, r.version, pointKey(point)), deadlineId: r.id, version: r.version }));
  // What ReminderScheduler.schedule records for each planned job.
  await db.query(
    `INSERT INTO reminder_jobs (job_id, deadline_id, deadline_version, point, point_index, run_at)
     SELECT j, d, v, 'due', 0, now() FROM unnest($1::text[], $2::uuid[], $3::int[]) AS t(j, d, v)`,
    [jobs.map((j) => j.id), jobs.map((j) => j.deadlineId), jobs.map((j) => j.version)],
  );
  const { rows: [expected] } = await db.query(
    `SELECT count(*)::int AS deliveries, count(DISTINCT u.id)::int AS recipients, count(DISTINCT u.id) FILTER (WHERE u.email IS NOT NULL)::int AS "mailRecipients",
       count(DISTINCT e.department_id)::int AS departments
     FROM deadlines dl JOIN evaluations e ON e.id = dl.subject_id JOIN users u ON u.organisation_id = e.department_id JOIN organisations o ON o.id = u.organisation_id
     WHERE dl.definition->>'${BENCH_MARK}' = $1 AND u.active AND o.active AND u.roles && ARRAY['department_staff', 'department_head']`,
    [tag],
  );
  return { today, jobs, point, expected };
}

/* ---------- one variant: one queue backend ---------- */

/**
 * One run of the reminders. `shared` (the processes benchmark): workers already running on `shared.prefix` against
 * `shared.sink`, left running; otherwise this starts the sink and `options.workers` workers and stops them.
 */
async function variant(ctx, options, backend, shared = null) {
  const db = await lib.client(ctx.databaseUrl);
  db.on('error', (error) => lib.say(`reminders [${backend}]: database connection lost: ${error.message}`));
  const tag = `${backend}-${Date.now().toString(36)}`;
  const prefix = shared?.prefix ?? `bench-rem-${Date.now().toString(36)}`;
  const windowMs = options.windowMs;
  const workers = [];
  let sink = shared?.sink ?? null;
  let queue = null;
  const result = { backend, reminders: options.reminders, workers: options.workers, windowMs, queuePrefix: prefix };
  try {
    await cleanup(db);
    const t = performance.now();
    const data = await setup(db, options.reminders, tag);
    result.setupSeconds = +((performance.now() - t) / 1000).toFixed(1);
    result.expected = data.expected;
    lib.say(`reminders [${backend}]: ${options.reminders.toLocaleString('en-US')} due deadlines over ${data.expected.departments} departments, ${data.expected.recipients} recipients, ${data.expected.deliveries.toLocaleString('en-US')} deliveries expected (setup ${result.setupSeconds} s)`);

    if (!shared) {
      sink = await startSink();
      await pauseReports(ctx, backend, prefix);
    } else await sink.reset();
    const redisUrl = backend === 'redis' ? ctx.redisUrl : '';
    const env = { QUEUE_PREFIX: prefix, REMINDER_MAIL_WINDOW_MS: String(windowMs), MAIL_CONCURRENCY: String(SEND_MAIL_CONCURRENCY), PUBLIC_URL: 'http://127.0.0.1:3000', ...(options.env ?? {}) };
    for (let i = 0; !shared && i < options.workers; i++) {
      workers.push(
        await startApi({ databaseUrl: ctx.databaseUrl, redisUrl, smtpUrl: sink.url, script: options.dist ? path.relative(lib.DIST, path.join(options.dist, 'worker.js')) : 'worker.js', readyText: 'worker started', name: `reminders-${backend}-worker${i + 1}`, env, nodeArgs: options.nodeArgs ?? [] }),
      );
    }

    // The jobs, as the planner queues them (JobsService.enqueue: the job table's options, the derived id, no delay
    // once due), on the paused queue; released together on a window boundary.
    const { queueClasses, queueConnection } = lib.dist('infrastructure/queue/queue-backend');
    const { NOTIFY_JOB_OPTIONS } = lib.dist('infrastructure/queue/jobs');
    const config = { queueBackend: backend, REDIS_URL: ctx.redisUrl, DATABASE_URL: ctx.databaseUrl };
    const { Queue } = queueClasses(config);
    queue = new Queue('reminders', { connection: queueConnection(config), prefix });
    await queue.waitUntilReady?.();
    await queue.pause();
    const te = performance.now();
    for (let i = 0; i < data.jobs.length; i += 1000) {
      await queue.addBulk(
        data.jobs.slice(i, i + 1000).map((j) => ({
          name: 'reminder',
          data: { deadlineId: j.deadlineId, version: j.version, point: data.point.point, index: data.point.index, date: data.point.date },
          opts: { ...NOTIFY_JOB_OPTIONS, jobId: j.id },
        })),
      );
    }
    result.enqueueSeconds = +((performance.now() - te) / 1000).toFixed(1);
    const boundary = (Math.floor(Date.now() / windowMs) + 1) * windowMs + 50;
    lib.say(`reminders [${backend}]: ${data.jobs.length.toLocaleString('en-US')} jobs added in ${result.enqueueSeconds} s; released in ${((boundary - Date.now()) / 1000).toFixed(1)} s (window boundary)`);
    await new Promise((r) => setTimeout(r, Math.max(0, boundary - Date.now())));
    // Nothing may have run before the release (the queue was paused): checked, not assumed.
    const { rows: [early] } = await db.query(`SELECT count(*)::int AS n FROM reminder_jobs WHERE state <> 'scheduled' AND deadline_id IN (SELECT id FROM deadlines WHERE definition->>'${BENCH_MARK}' = $1)`, [tag]);
    result.beforeRelease = { recorded: early.n, mails: (await sink.stats('<reminder-mail.')).count };
    const t0 = Date.now();
    await queue.resume();
    result.machineAtStart = lib.machine().loadAverage;

    // Done when no reminder job is left scheduled, every delivery is mailed and the sink has every mail of them.
    const deadlineMs = t0 + options.timeoutMs;
    let done = false;
    let last = '';
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const { rows: [j] } = await db.query(`SELECT count(*)::int AS left FROM reminder_jobs j WHERE j.state = 'scheduled' AND j.deadline_id IN (SELECT id FROM deadlines WHERE definition->>'${BENCH_MARK}' = $1)`, [tag]);
      const mails = await sink.stats('<reminder-mail.');
      let unmailed = null;
      let mailJobs = null;
      if (j.left === 0) {
        const { rows: [d] } = await db.query(
          `SELECT count(*) FILTER (WHERE mailed_at IS NULL)::int AS unmailed, count(DISTINCT mail_job_id)::int AS "mailJobs" FROM reminder_deliveries WHERE deadline_id IN (SELECT id FROM deadlines WHERE definition->>'${BENCH_MARK}' = $1)`,
          [tag],
        );
        unmailed = d.unmailed;
        mailJobs = d.mailJobs;
        if (unmailed === 0 && mails.count >= mailJobs) {
          done = true;
          break;
        }
      }
      const line = `${Math.round((Date.now() - t0) / 1000)} s: ${(data.jobs.length - j.left).toLocaleString('en-US')} reminders recorded, ${mails.count} mails${unmailed !== null ? `, ${unmailed} deliveries unmailed, ${mailJobs} mail jobs` : ''}`;
      if (Math.round((Date.now() - t0) / 1000) % 10 === 0 && line !== last) lib.say(`reminders [${backend}]: ${line}`);
      last = line;
      if (Date.now() > deadlineMs) break;
    }
    result.complete = done;
    result.machineAtEnd = lib.machine().loadAverage;

    // What happened, from the database and the sink.
    const { rows: [jobs] } = await db.query(
      `SELECT count(*) FILTER (WHERE state = 'sent')::int AS sent, count(*) FILTER (WHERE state = 'skipped')::int AS skipped, count(*) FILTER (WHERE state = 'scheduled')::int AS scheduled,
         (extract(epoch FROM max(finished_at)) * 1000)::float8 AS "lastFinished", (extract(epoch FROM min(finished_at)) * 1000)::float8 AS "firstFinished"
       FROM reminder_jobs WHERE deadline_id IN (SELECT id FROM deadlines WHERE definition->>'${BENCH_MARK}' = $1)`,
      [tag],
    );
    const { rows: [notes] } = await db.query(
      `SELECT count(*)::int AS rows, count(DISTINCT (user_id, key))::int AS "distinctUserKey", count(DISTINCT split_part(key, '|', 2))::int AS deadlines
       FROM notifications WHERE kind = 'reminder' AND split_part(key, '|', 2) IN (SELECT id::text FROM deadlines WHERE definition->>'${BENCH_MARK}' = $1)`,
      [tag],
    );
    const { rows: [deliveries] } = await db.query(
      `SELECT count(*)::int AS rows, count(DISTINCT (job_id, user_id))::int AS "distinctJobUser", count(*) FILTER (WHERE mailed_at IS NOT NULL AND mail_job_id IS NOT NULL)::int AS mailed,
         count(DISTINCT mail_job_id)::int AS "mailJobs", count(DISTINCT user_id)::int AS recipients
       FROM reminder_deliveries WHERE deadline_id IN (SELECT id FROM deadlines WHERE definition->>'${BENCH_MARK}' = $1)`,
      [tag],
    );
    const mail = await sink.analyse('<reminder-mail.');
    result.jobs = { sent: jobs.sent, skipped: jobs.skipped, scheduled: jobs.scheduled };
    result.notifications = notes;
    result.deliveries = deliveries;
    result.mail = mail;
    result.recordedSeconds = jobs.lastFinished ? (jobs.lastFinished - t0) / 1000 : null;
    result.firstMailSeconds = mail.first ? (mail.first - t0) / 1000 : null;
    result.lastMailSeconds = mail.last ? (mail.last - t0) / 1000 : null;
    result.totalSeconds = Math.max(result.recordedSeconds ?? 0, result.lastMailSeconds ?? 0);
    result.recordRate = jobs.sent / Math.max(0.001, result.recordedSeconds ?? Infinity);
    const mailSpan = mail.first && mail.last ? (mail.last - mail.first) / 1000 : null;
    result.appMailRate = mailSpan ? (mail.mails - 1) / mailSpan : null;
    result.duplicates = {
      notifications: notes.rows - notes.distinctUserKey,
      deliveries: deliveries.rows - deliveries.distinctJobUser,
      messageIdsTwice: mail.messageIdsTwice,
      itemsMailedTwice: mail.itemsListedTwice,
    };
    lib.say(
      `reminders [${backend}]: ${result.complete ? 'complete' : 'INCOMPLETE'}: recorded in ${lib.fmt(result.recordedSeconds)} s (${lib.fmt(result.recordRate, 0)}/s), mails ${lib.fmt(result.firstMailSeconds)}–${lib.fmt(result.lastMailSeconds)} s, ${mail.mails} mails to ${mail.recipients} recipients (max ${mail.maxMailsPerRecipient} each), ${mail.itemsListed} items listed; twice: notifications ${result.duplicates.notifications}, deliveries ${result.duplicates.deliveries}, Message-IDs ${mail.messageIdsTwice}, items ${mail.itemsListedTwice}`,
    );

    await queue.close();
    queue = null;
    if (options.raw === false) return result;
    // Stop the app before the raw base, so that it has the machine the app had.
    for (const w of workers.splice(0)) await w.stop();
    result.raw = await rawBase(db, sink, tag, Math.max(1, deliveries.mailJobs), SEND_MAIL_CONCURRENCY * options.workers);
    result.ratio = result.appMailRate && result.raw.perSecond ? result.appMailRate / result.raw.perSecond : null;
    lib.say(`reminders [${backend}]: app mail rate ${lib.fmt(result.appMailRate)}/s, raw nodemailer → sink ${lib.fmt(result.raw.perSecond)}/s (${result.raw.count} mails, concurrency ${result.raw.concurrency}) → ${lib.fmt((result.ratio ?? NaN) * 100)} %`);
  } finally {
    for (const w of workers) await w.stop().catch(() => undefined);
    if (queue) await queue.close().catch(() => undefined);
    if (!shared) {
      await obliterate(ctx, backend, prefix).catch((error) => lib.say(`reminders [${backend}]: queues of ${prefix} not removed: ${error.message}`));
      await sink?.stop();
    }
    await cleanup(db).catch(() => undefined);
    await db.end();
  }
  return result;
}

/** The same mails straight through nodemailer: rebuilt with the app's reminderMail from the deliveries, same transport settings, same concurrency. */
async function rawBase(db, sink, tag, count, concurrency) {
  const nodemailer = require('nodemailer');
  const { reminderMail } = lib.dist('modules/reminders/reminder.mail');
  const { rows } = await db.query(
    `SELECT rd.mail_job_id AS "mailJobId", u.display_name AS "displayName", u.email, json_agg(json_build_object('line', rd.line, 'link', rd.link, 'dueOn', to_char(dl.due_on, 'YYYY-MM-DD')) ORDER BY rd.id) AS items
     FROM reminder_deliveries rd JOIN users u ON u.id = rd.user_id JOIN deadlines dl ON dl.id = rd.deadline_id
     WHERE dl.definition->>'${BENCH_MARK}' = $1 AND rd.mail_job_id IS NOT NULL GROUP BY rd.mail_job_id, u.display_name, u.email LIMIT $2`,
    [tag, count],
  );
  const messages = rows.map((r) => reminderMail({ displayName: r.displayName, email: r.email }, r.items));
  const from = 'Evalflow 预算绩效评价 <noreply@evalflow.local>';
  const transport = nodemailer.createTransport(sink.url, { from }); // as MailService does
  await sink.reset();
  const run = await lib.closedLoop(concurrency, messages.length, (i) =>
    transport.sendMail({ from, to: messages[i].to, subject: messages[i].subject, text: messages[i].text, html: messages[i].html, messageId: `<raw.${i}@bench.local>` }),
  );
  transport.close();
  const stats = await sink.stats('<raw.');
  return { count: messages.length, received: stats.count, failures: run.failures, concurrency, seconds: run.elapsedMs / 1000, perSecond: messages.length / (run.elapsedMs / 1000) };
}

/**
 * Pauses the `reports` queue of the bench's prefix before its workers start. Every process that runs processors
 * re-queues report documents left "rendering" (ReportRecorder's sweep: 20 every 2 s; the scale database holds
 * thousands that earlier benchmark processes recorded and whose queue died with their redis-server), and rendering
 * them (docxtemplater in worker threads, ~2 s of CPU each) would run during the measurement. It is no part of the
 * pipelines measured here; on a paused queue the jobs wait and are removed with the bench's queues.
 */
async function pauseReports(ctx, backend, prefix) {
  const { queueClasses, queueConnection } = lib.dist('infrastructure/queue/queue-backend');
  const config = { queueBackend: backend, REDIS_URL: ctx.redisUrl, DATABASE_URL: ctx.databaseUrl };
  const { Queue } = queueClasses(config);
  const q = new Queue('reports', { connection: queueConnection(config), prefix });
  try {
    await q.pause();
  } finally {
    await q.close();
  }
}

async function obliterate(ctx, backend, prefix) {
  const { queueClasses, queueConnection } = lib.dist('infrastructure/queue/queue-backend');
  const { QUEUE_NAMES } = lib.dist('infrastructure/queue/jobs');
  const config = { queueBackend: backend, REDIS_URL: ctx.redisUrl, DATABASE_URL: ctx.databaseUrl };
  const { Queue } = queueClasses(config);
  for (const name of QUEUE_NAMES) {
    const q = new Queue(name, { connection: queueConnection(config), prefix });
    try {
      await q.obliterate({ force: true });
    } finally {
      await q.close();
    }
  }
}

/**
 * Both backends one after the other. BENCH_BEFORE_DIST=<an older build of apps/api/dist inside the checkout>: that
 * build's workers are measured first on Redis (with BENCH_BEFORE_REMINDERS jobs, default the same N), side by side.
 */
async function run(ctx, options) {
  const o = { reminders: 100_000, workers: 1, windowMs: 60_000, timeoutMs: 45 * 60_000, backends: ['redis', 'postgres'], ...options };
  const results = { settings: { reminders: o.reminders, workers: o.workers, windowMs: o.windowMs, sendMailConcurrency: SEND_MAIL_CONCURRENCY }, variants: [] };
  if (process.env.BENCH_BEFORE_DIST && ctx.redisUrl) {
    const before = { ...o, dist: path.resolve(process.env.BENCH_BEFORE_DIST), reminders: Number(process.env.BENCH_BEFORE_REMINDERS || o.reminders) };
    results.variants.push({ ...(await variant(ctx, before, 'redis')), build: `before (${path.relative(lib.ROOT, before.dist)})` });
  }
  for (const backend of o.backends) {
    if (backend === 'redis' && !ctx.redisUrl) {
      lib.say('reminders: no redis-server, the Redis variant is skipped');
      continue;
    }
    results.variants.push(await variant(ctx, o, backend));
  }
  return results;
}

module.exports = { run, variant, startSink, pauseReports, obliterate, cleanup, SEND_MAIL_CONCURRENCY };

if (require.main === module && process.argv[2] === '--sink') runSink();
