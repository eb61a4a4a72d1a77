import { createTestApp, type TestApp } from '../support/test-app';
import { api, createKeyEvaluation, keyEvaluationInFieldwork, keyEvaluationInRectification, level3, lookupIds, type Ids } from '../support/evaluation-steps';
import { uploadBytes } from '../support/files';
import { CLIENTS, ROUNDS, Watchdog, race, tally } from './reliability';

/*
 * Reliability (issue 15 §3), concurrency: many clients change the same record at once with the version they all
 * loaded — transitions, score saves, findings, document-request answers, working papers, rectification plans,
 * attachment withdrawals. No lost update anywhere: exactly one of each race succeeds and is what the record now says,
 * every other client is told 409 (nothing silently overwritten), and the version goes up by exactly one per round.
 * CLIENTS clients per race, ROUNDS rounds per record (bounded in CI; RELIABILITY_FULL=1 for more).
 */
jest.setTimeout(300_000);

let t: TestApp;
let ids: Ids;
const watchdog = new Watchdog();

beforeAll(async () => {
  t = await createTestApp();
  ids = await lookupIds(t);
}, 120_000);
afterAll(async () => {
  watchdog.check('concurrency');
  await t?.close();
});

const one = async (sql: string, params: unknown[]) => (await t.db.query(sql, params))[0];
const winners = (responses: { status: number }[]) => responses.map((response, index) => ({ response, index })).filter(({ response }) => response.status < 300);

/** One round: every client sends its own value with the same expected version; exactly one wins, the rest are 409. */
async function expectOneWinner(responses: { status: number; body: unknown }[]): Promise<number> {
  const won = winners(responses);
  expect({ winners: won.length, statuses: tally(responses) }).toEqual({ winners: 1, statuses: { [won[0]?.response.status ?? 200]: 1, '409': responses.length - 1 } });
  for (const response of responses) if (response.status === 409) expect((response.body as { code: string }).code).toMatch(/CONFLICT/);
  return won[0].index;
}

describe('transitions of one evaluation from many clients', () => {
  it('the same transition: one succeeds, its history entry is there once, the others are 409', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { id, version } = await createKeyEvaluation(t, ids);
      const responses = await watchdog.during('racing transitions', () =>
        race(CLIENTS, () => api(t, 'finance.officer', 'post', `/evaluations/${id}/transitions`, { action: 'commission', expectedVersion: version })),
      );
      await expectOneWinner(responses);
      const history = await t.db.query(`SELECT action FROM workflow_history WHERE aggregate_id = $1 ORDER BY seq`, [id]);
      expect(history.map((h: { action: string }) => h.action)).toEqual(['commission']);
      expect(await one(`SELECT state, version FROM evaluations WHERE id = $1`, [id])).toEqual({ state: 'commissioned', version: version + 1 });
    }
  });

  it('conflicting transitions (the department starts, the bureau cancels): one of them, never both', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { id } = await createKeyEvaluation(t, ids);
      expect((await api(t, 'finance.officer', 'post', `/evaluations/${id}/transitions`, { action: 'commission', expectedVersion: 1 })).status).toBe(200);
      const { version } = await one(`SELECT version FROM evaluations WHERE id = $1`, [id]);
      const responses = await watchdog.during('racing transitions', () =>
        race(CLIENTS, (index) =>
          index % 2 === 0
            ? api(t, 'dept.staff', 'post', `/evaluations/${id}/transitions`, { action: 'start_self_evaluation', expectedVersion: version })
            : api(t, 'finance.officer', 'post', `/evaluations/${id}/transitions`, { action: 'cancel', comment: '重复委托，撤销', expectedVersion: version }),
        ),
      );
      const winner = await expectOneWinner(responses);
      const [last] = await t.db.query(`SELECT action, to_state FROM workflow_history WHERE aggregate_id = $1 ORDER BY seq DESC LIMIT 1`, [id]);
      expect(last.action).toBe(winner % 2 === 0 ? 'start_self_evaluation' : 'cancel');
      expect(await one(`SELECT state, version FROM evaluations WHERE id = $1`, [id])).toEqual({ state: last.to_state, version: version + 1 });
      expect(Number((await one(`SELECT count(*) FROM workflow_history WHERE aggregate_id = $1`, [id])).count)).toBe(2);
    }
  });
});

describe('edits of one record from many clients', () => {
  let fieldwork: string;
  beforeAll(async () => {
    fieldwork = await keyEvaluationInFieldwork(t, ids);
  }, 120_000);

  it('score saves: one wins each round and its score is stored, versions go up by one', async () => {
    const [row] = await level3(t, fieldwork);
    let version = row.scoreEntry.version;
    for (let round = 0; round < ROUNDS; round++) {
      const responses = await watchdog.during('racing score saves', () =>
        race(CLIENTS, (index) =>
          api(t, index % 2 ? 'eval.lead' : 'evaluator', 'put', `/evaluations/${fieldwork}/scores`, {
            scores: [{ code: row.code, score: Math.max(0, row.weight - 1 - (index % 3)), deductionReason: `第${round + 1}轮第${index + 1}人扣分`, expectedVersion: version }],
          }),
        ),
      );
      const winner = await expectOneWinner(responses);
      const [now] = (await level3(t, fieldwork)).filter((r) => r.code === row.code);
      expect(now.scoreEntry.version).toBe(version + 1);
      const stored = await one(`SELECT deduction_reason FROM evaluation_indicator_entries WHERE evaluation_id = $1 AND code = $2`, [fieldwork, row.code]);
      expect(stored.deduction_reason).toBe(`第${round + 1}轮第${winner + 1}人扣分`);
      version = now.scoreEntry.version;
    }
  });

  it('findings: one edit wins each round, the others are 409', async () => {
    const created = await api(t, 'evaluator', 'post', `/evaluations/${fieldwork}/findings`, { title: '并发编辑的问题', description: '说明' });
    expect(created.status).toBe(201);
    let version = created.body.version as number;
    for (let round = 0; round < ROUNDS; round++) {
      const responses = await watchdog.during('racing finding edits', () =>
        race(CLIENTS, (index) => api(t, index % 2 ? 'eval.lead' : 'evaluator', 'patch', `/evaluations/${fieldwork}/findings/${created.body.id}`, { title: `问题标题 ${round}-${index}`, expectedVersion: version })),
      );
      const winner = await expectOneWinner(responses);
      const now = await one(`SELECT title, version FROM findings WHERE id = $1`, [created.body.id]);
      expect(now).toEqual({ title: `问题标题 ${round}-${winner}`, version: version + 1 });
      version = now.version;
    }
  });

  it('document-request answers: one wins each round', async () => {
    // The clerk's item: its owner records what it hands over.
    const [staff] = await t.db.query(`SELECT id FROM users WHERE username = 'dept.staff'`);
    const created = await api(t, 'eval.lead', 'post', `/evaluations/${fieldwork}/document-requests`, { title: '2025年度会计凭证', ownerUserId: staff.id });
    expect(created.status).toBe(201);
    await expectItemRaces('document_requests', created.body.id, (index, version) => api(t, 'dept.staff', 'patch', `/document-requests/${created.body.id}`, { expectedVersion: version, materialsNote: `移交说明 ${index}` }), 'materials_note', (index) => `移交说明 ${index}`);
  });

  it('working papers: one wins each round', async () => {
    const created = await api(t, 'evaluator', 'post', `/evaluations/${fieldwork}/working-papers`, { kind: 'interview', title: '与财务科座谈', paperDate: '2026-05-12', details: { participants: '刘主任', place: '会议室' } });
    expect(created.status).toBe(201);
    await expectItemRaces('working_papers', created.body.id, (index, version) => api(t, index % 2 ? 'eval.lead' : 'evaluator', 'patch', `/working-papers/${created.body.id}`, { expectedVersion: version, content: `座谈内容 ${index}` }), 'content', (index) => `座谈内容 ${index}`);
  });

  it('attachment withdrawal: one withdrawal is recorded, the others are refused', async () => {
    const [staff] = await t.db.query(`SELECT id FROM users WHERE username = 'dept.staff'`);
    const request = await api(t, 'eval.lead', 'post', `/evaluations/${fieldwork}/document-requests`, { title: '政府采购合同', ownerUserId: staff.id });
    const uploaded = await uploadBytes(t, 'dept.staff', `/attachments?subjectType=document_request&subjectId=${request.body.id}`, Buffer.from('合同清单\n'), '合同清单.txt');
    expect(uploaded.status).toBe(201);
    const [attachment] = uploaded.body.items as { id: string }[];
    const responses = await watchdog.during('racing withdrawals', () => race(CLIENTS, (index) => api(t, 'dept.staff', 'post', `/attachments/${attachment.id}/withdraw`, { reason: `重复上传 ${index}` })));
    const won = winners(responses);
    expect(won).toHaveLength(1);
    for (const response of responses) if (response.status >= 300) expect([409, 422]).toContain(response.status);
    const now = await one(`SELECT status, withdrawn_reason FROM attachments WHERE id = $1`, [attachment.id]);
    expect(now).toEqual({ status: 'withdrawn', withdrawn_reason: `重复上传 ${won[0].index}` });
  });
});

describe('rectification plans from many clients', () => {
  it('one plan wins each round', async () => {
    const { items } = await keyEvaluationInRectification(t, ids, 1);
    await expectItemRaces('rectification_items', items[0], (index, version) => api(t, 'dept.staff', 'patch', `/rectification-items/${items[0]}`, { expectedVersion: version, measures: `整改措施 ${index}` }), 'measures', (index) => `整改措施 ${index}`);
  }, 240_000);
});

/** ROUNDS races on an item with a version column: the winner's value stored, the version one higher per round. */
async function expectItemRaces(
  table: 'document_requests' | 'working_papers' | 'rectification_items',
  id: string,
  send: (index: number, version: number) => PromiseLike<{ status: number; body: unknown }>,
  column: string,
  value: (index: number) => string,
): Promise<void> {
  let { version } = await one(`SELECT version FROM ${table} WHERE id = $1`, [id]);
  for (let round = 0; round < ROUNDS; round++) {
    const responses = await watchdog.during(`racing ${table} edits`, () => race(CLIENTS, (index) => send(index, version)));
    const winner = await expectOneWinner(responses);
    const now = await one(`SELECT ${column} AS value, version FROM ${table} WHERE id = $1`, [id]);
    expect(now).toEqual({ value: value(winner), version: version + 1 });
    version = now.version;
  }
}
