import { createTestApp, eventually, sentMails, type TestApp } from '../support/test-app';
import { api, createKeyEvaluation, fire, lookupIds, type Ids } from '../support/evaluation-steps';

/*
 * The transaction guarantees of a transition (ARCHITECTURE rules 3 and 4): concurrent conflicting transitions,
 * the append-only history enforced by the database, and effects leaving through the outbox as mail.
 */
let t: TestApp;
let ids: Ids;

beforeAll(async () => {
  t = await createTestApp();
  ids = await lookupIds(t);
});
afterAll(() => t.close());

describe('50 concurrent conflicting transitions on one evaluation', () => {
  it('exactly one succeeds, the other 49 get 409, and the history has one entry for it', async () => {
    const { id, version } = await createKeyEvaluation(t, ids);
    const token = await t.token('finance.officer');
    const adminToken = await t.token('finance.admin');
    // Two people of the bureau race: half commission, half cancel, all from the version they loaded.
    const requests = Array.from({ length: 50 }, (_, index) =>
      t.http
        .post(`/api/evaluations/${id}/transitions`)
        .set('Authorization', `Bearer ${index % 2 === 0 ? token : adminToken}`)
        .send(index % 2 === 0 ? { action: 'commission', expectedVersion: version } : { action: 'cancel', comment: '立项撤销', expectedVersion: version }),
    );
    const responses = await Promise.all(requests.map((request) => request.then((response) => response)));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    expect(new Set(responses.filter((r) => r.status === 409).map((r) => r.body.code))).toEqual(new Set(['VERSION_CONFLICT']));

    const winner = responses.find((response) => response.status === 200)!;
    const history = (await api(t, 'finance.officer', 'get', `/evaluations/${id}/history`)).body.items;
    expect(history).toHaveLength(1);
    expect(history[0].to).toBe(winner.body.state);
    const [row] = await t.db.query(`SELECT state, version FROM evaluations WHERE id = $1`, [id]);
    expect(row).toEqual({ state: winner.body.state, version: version + 1 });
  });

  it('a stale version after a change answers 409 with the current version and changes nothing', async () => {
    const { id, version } = await createKeyEvaluation(t, ids);
    expect((await fire(t, 'finance.officer', id, 'commission')).status).toBe(200);
    const stale = await api(t, 'dept.staff', 'post', `/evaluations/${id}/transitions`, { action: 'start_self_evaluation', expectedVersion: version });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: version + 1, state: 'commissioned' } });
    const [row] = await t.db.query(`SELECT state, version FROM evaluations WHERE id = $1`, [id]);
    expect(row).toEqual({ state: 'commissioned', version: version + 1 });
  });

  it('an action not available in the current state answers 409, an unknown one 400', async () => {
    const { id } = await createKeyEvaluation(t, ids);
    const early = await fire(t, 'finance.admin', id, 'approve_final_report');
    expect(early.status).toBe(409);
    expect(early.body.details.refusal).toBe('not_available_in_state');
    const unknown = await fire(t, 'finance.admin', id, 'publish_everything');
    expect(unknown.status).toBe(400);
    const malformed = await api(t, 'finance.admin', 'post', `/evaluations/${id}/transitions`, { action: 'Commission!', expectedVersion: 'one' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['action', 'expectedVersion']);
    const missingComment = await fire(t, 'finance.admin', id, 'cancel', { comment: '   ' });
    expect(missingComment.status).toBe(400);
    expect(missingComment.body.details.refusal).toBe('comment_required');
    const [row] = await t.db.query(`SELECT state, version FROM evaluations WHERE id = $1`, [id]);
    expect(row).toEqual({ state: 'draft', version: 1 });
  });
});

describe('history is append-only', () => {
  it('the database refuses UPDATE, DELETE and TRUNCATE on it, whoever asks', async () => {
    const { id } = await createKeyEvaluation(t, ids);
    await fire(t, 'finance.officer', id, 'commission');
    const [entry] = await t.db.query(`SELECT id, comment FROM workflow_history WHERE evaluation_id = $1`, [id]);
    await expect(t.db.query(`UPDATE workflow_history SET comment = 'rewritten' WHERE id = $1`, [entry.id])).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(t.db.query(`DELETE FROM workflow_history WHERE id = $1`, [entry.id])).rejects.toThrow(/append-only: DELETE refused/);
    await expect(t.db.query(`TRUNCATE workflow_history CASCADE`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    const [after] = await t.db.query(`SELECT id, comment FROM workflow_history WHERE id = $1`, [entry.id]);
    expect(after).toEqual(entry);
  });
});

describe('effects leave through the outbox', () => {
  it('commissioning writes its effects in the transaction and the notice reaches the department and the team by mail', async () => {
    const { id } = await createKeyEvaluation(t, ids, { title: `外发通知测试 ${Date.now()}` });
    const response = await fire(t, 'finance.officer', id, 'commission');
    expect(response.status).toBe(200);
    const effects = await t.db.query(`SELECT effect->>'type' AS type, dispatched_at IS NOT NULL AS dispatched FROM outbox WHERE aggregate_id = $1 ORDER BY id`, [id]);
    expect(effects.map((e: { type: string }) => e.type)).toEqual(['snapshot', 'notify', 'schedule_deadline', 'plan_reminders']);
    const title = response.body.title as string;
    const mails = await eventually(async () => {
      const found = (await sentMails()).filter((mail) => mail.subject.includes(title));
      return found.length >= 4 ? found : null;
    });
    // Department head and staff, the lead and the evaluator: one mail each, none twice.
    expect(mails.flatMap((mail) => mail.to).sort()).toEqual(
      ['chen@haoyuan.evalflow.local', 'liu@cs-gov.evalflow.local', 'wang@haoyuan.evalflow.local', 'zhang@cs-gov.evalflow.local'].sort(),
    );
    expect(mails[0].subject).toContain('下达评价通知');
    const pending = await t.db.query(`SELECT count(*)::int AS count FROM outbox WHERE aggregate_id = $1 AND dispatched_at IS NULL`, [id]);
    expect(pending[0].count).toBe(0);
    // The commission snapshot records the terms everyone was told.
    const [history] = await t.db.query(`SELECT snapshot FROM workflow_history WHERE evaluation_id = $1`, [id]);
    // Since issue 12 the snapshot is the report model: the basis prints the 文件依据, the evaluation the team.
    expect(history.snapshot.basis.legalBasis).toEqual(['长财绩〔2026〕2号']);
    expect(history.snapshot.evaluation.team).toEqual(expect.arrayContaining([expect.objectContaining({ displayName: '王建国', role: 'lead' })]));
  });
});
