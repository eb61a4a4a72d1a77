import { createTestApp, type TestApp } from '../support/test-app';
import { api, createKeyEvaluation, fillSelfEvaluation, fire, level3, lookupIds, scoreAll, type Ids, type Level3Row } from '../support/evaluation-steps';

/*
 * Issue 16, defect 6: every indicator entry carries a version per part (the department's self-evaluation, the team's
 * score); a save names the version it loaded, and a stale one is refused whole with 409 naming the indicator, its
 * current value and who changed it when. Two team members (eval.lead 王建国, evaluator 陈静) and the department.
 */
let t: TestApp;
let ids: Ids;

beforeAll(async () => {
  t = await createTestApp();
  ids = await lookupIds(t);
});
afterAll(() => t.close());

const LEAD = { username: 'eval.lead', displayName: '王建国' };
const MEMBER = { username: 'evaluator', displayName: '陈静' };

async function inState(target: 'self_evaluation' | 'fieldwork'): Promise<string> {
  const { id } = await createKeyEvaluation(t, ids);
  expect((await fire(t, 'finance.officer', id, 'commission')).status).toBe(200);
  expect((await fire(t, 'dept.staff', id, 'start_self_evaluation')).status).toBe(200);
  if (target === 'self_evaluation') return id;
  expect((await fillSelfEvaluation(t, id)).status).toBe(200);
  expect((await fire(t, 'dept.head', id, 'submit_self_evaluation')).status).toBe(200);
  expect((await fire(t, 'finance.officer', id, 'accept_self_evaluation')).status).toBe(200);
  return id;
}

/** The table as a user loads it: their level-3 rows by code. */
async function load(username: string, id: string): Promise<Map<string, Level3Row & { score: number | null; selfScore: number | null }>> {
  const response = await api(t, username, 'get', `/evaluations/${id}/indicators`);
  expect(response.status).toBe(200);
  return new Map(response.body.rows.filter((row: { level: number }) => row.level === 3).map((row: Level3Row) => [row.code, row]));
}

const putScores = (username: string, id: string, scores: object[]) => api(t, username, 'put', `/evaluations/${id}/scores`, { scores });

async function stored(id: string, code: string) {
  const [row] = await t.db.query(
    `SELECT score::float AS score, deduction_reason AS "deductionReason", score_version AS "scoreVersion", self_version AS "selfVersion",
        self_score::float AS "selfScore", (SELECT display_name FROM users WHERE id = score_updated_by) AS "scoredBy"
       FROM evaluation_indicator_entries WHERE evaluation_id = $1 AND code = $2`,
    [id, code],
  );
  return row;
}

describe('two team members save one indicator from the same version', () => {
  it('keeps the first, refuses the second with 409 naming the indicator, the value and who changed it when', async () => {
    const id = await inState('fieldwork');
    expect((await scoreAll(t, id)).status).toBe(200);
    const [first, other] = [...(await load(LEAD.username, id)).values()];
    const asMember = (await load(MEMBER.username, id)).get(first.code)!;
    expect(first.scoreEntry).toMatchObject({ version: 1, updatedBy: { displayName: MEMBER.displayName } });
    expect(asMember.scoreEntry.version).toBe(1);

    // Both saves at once, from the version both loaded.
    const [byLead, byMember] = await Promise.all([
      putScores(LEAD.username, id, [{ code: first.code, score: first.weight - 0.5, deductionReason: '组长：佐证不全', expectedVersion: 1 }]),
      putScores(MEMBER.username, id, [{ code: first.code, score: first.weight - 2, deductionReason: '组员：未见记账凭证', expectedVersion: 1 }]),
    ]);
    expect([byLead.status, byMember.status].sort()).toEqual([200, 409]);
    const [winner, loser, winnerScore] = byLead.status === 200 ? [LEAD, byMember, first.weight - 0.5] : [MEMBER, byLead, first.weight - 2];

    expect(loser.body.code).toBe('VERSION_CONFLICT');
    expect(loser.body.details.conflicts).toEqual([
      {
        code: first.code,
        name: first.name,
        part: 'score',
        expectedVersion: 1,
        version: 2,
        current: expect.objectContaining({ score: winnerScore }),
        updatedBy: { id: expect.any(String), displayName: winner.displayName },
        updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      },
    ]);
    expect(loser.body.message).toMatch(new RegExp(`^“${first.name}”已由 ${winner.displayName} 于 \\d{2}-\\d{2} \\d{2}:\\d{2} 修改为 ${winnerScore} 分，请刷新后再保存$`));

    // The stored value is the winner's; the other indicator is as scoreAll left it.
    expect(await stored(id, first.code)).toMatchObject({ score: winnerScore, scoreVersion: 2, scoredBy: winner.displayName });
    expect(await stored(id, other.code)).toMatchObject({ score: other.weight, scoreVersion: 1 });
    // Everyone now sees who changed it last.
    expect((await load('finance.officer', id)).get(first.code)!.scoreEntry).toMatchObject({ version: 2, updatedBy: { displayName: winner.displayName } });

    // The loser reloads and saves from the version they see now.
    const retried = await putScores(loser === byLead ? LEAD.username : MEMBER.username, id, [{ code: first.code, score: first.weight - 1, deductionReason: '复核后', expectedVersion: 2 }]);
    expect(retried.status).toBe(200);
    expect(await stored(id, first.code)).toMatchObject({ score: first.weight - 1, scoreVersion: 3 });
  });

  it('two first saves of an unscored indicator: one wins, the other gets 409', async () => {
    const id = await inState('fieldwork');
    const [row] = [...(await load(LEAD.username, id)).values()];
    expect(row.scoreEntry).toEqual({ version: 0, updatedBy: null, updatedAt: null });
    const scores = [0.1, 0.2, 0.3];
    const responses = await Promise.all([
      putScores(LEAD.username, id, [{ code: row.code, score: scores[0], expectedVersion: 0 }]),
      putScores(MEMBER.username, id, [{ code: row.code, score: scores[1], expectedVersion: null }]),
      putScores(MEMBER.username, id, [{ code: row.code, score: scores[2] }]),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const won = responses.findIndex((r) => r.status === 200);
    expect(await stored(id, row.code)).toMatchObject({ score: scores[won], scoreVersion: 1 });
    for (const refused of responses.filter((r) => r.status === 409)) {
      expect(refused.body.details.conflicts).toMatchObject([{ code: row.code, expectedVersion: 0, version: 1, current: { score: scores[won] } }]);
    }
  });
});

describe('a save of several entries with one stale', () => {
  it('writes none of them and names only the stale one; the history is untouched', async () => {
    const id = await inState('fieldwork');
    expect((await scoreAll(t, id)).status).toBe(200);
    const rows = [...(await load(LEAD.username, id)).values()];
    const [a, b, c] = rows;
    // The member changes b; the lead still has version 1 of everything.
    expect((await putScores(MEMBER.username, id, [{ code: b.code, score: b.weight - 1, deductionReason: '组员改分', expectedVersion: 1 }])).status).toBe(200);
    const historyBefore = (await api(t, 'finance.officer', 'get', `/evaluations/${id}/history`)).body.items.length;
    const versionBefore = (await api(t, 'finance.officer', 'get', `/evaluations/${id}`)).body.version;

    const refused = await putScores(LEAD.username, id, [
      { code: a.code, score: 0, deductionReason: '组长改分', expectedVersion: 1 },
      { code: b.code, score: 0, deductionReason: '组长改分', expectedVersion: 1 },
      { code: c.code, score: 0, deductionReason: '组长改分', expectedVersion: 1 },
    ]);
    expect(refused.status).toBe(409);
    expect(refused.body.details.conflicts.map((x: { code: string }) => x.code)).toEqual([b.code]);
    expect(refused.body.details.conflicts[0]).toMatchObject({ current: { score: b.weight - 1, deductionReason: '组员改分' }, updatedBy: { displayName: MEMBER.displayName } });

    expect(await stored(id, a.code)).toMatchObject({ score: a.weight - 1, scoreVersion: 1 });
    expect(await stored(id, b.code)).toMatchObject({ score: b.weight - 1, scoreVersion: 2, scoredBy: MEMBER.displayName });
    expect(await stored(id, c.code)).toMatchObject({ score: c.weight, scoreVersion: 1 });
    expect((await api(t, 'finance.officer', 'get', `/evaluations/${id}/history`)).body.items).toHaveLength(historyBefore);
    expect((await api(t, 'finance.officer', 'get', `/evaluations/${id}`)).body.version).toBe(versionBefore);
    // The self-evaluation part of the entries is untouched by the team's saves.
    expect(await stored(id, b.code)).toMatchObject({ selfVersion: 1, selfScore: b.weight });
  });

  it('members scoring different indicators from one load do not collide', async () => {
    const id = await inState('fieldwork');
    const [a, b] = [...(await load(LEAD.username, id)).values()];
    const [byLead, byMember] = await Promise.all([
      putScores(LEAD.username, id, [{ code: a.code, score: a.weight, expectedVersion: 0 }]),
      putScores(MEMBER.username, id, [{ code: b.code, score: b.weight, expectedVersion: 0 }]),
    ]);
    expect([byLead.status, byMember.status]).toEqual([200, 200]);
  });

  it('refuses a version never stored and one indicator listed twice', async () => {
    const id = await inState('fieldwork');
    const [a] = [...(await load(LEAD.username, id)).values()];
    const never = await putScores(LEAD.username, id, [{ code: a.code, score: 0, expectedVersion: 4 }]);
    expect(never.status).toBe(409);
    expect(never.body.details.conflicts).toMatchObject([{ code: a.code, expectedVersion: 4, version: 0, updatedBy: null }]);
    const twice = await putScores(LEAD.username, id, [
      { code: a.code, score: 0, expectedVersion: 0 },
      { code: a.code, score: 0, expectedVersion: 0 },
    ]);
    expect(twice.status).toBe(400);
    expect(twice.body.details).toContainEqual({ path: 'scores.1.code', message: 'this indicator is listed twice' });
    // The department's row exists (its self-evaluation); its score part was never written.
    expect(await stored(id, a.code)).toMatchObject({ score: null, scoreVersion: 0 });
  });
});

describe('the department’s self-evaluation entries', () => {
  it('are versioned the same way; a stale save writes neither the entries nor the report', async () => {
    const id = await inState('self_evaluation');
    const rows = await level3(t, id);
    const [a, b] = rows;
    const save = (username: string, body: object) => api(t, username, 'put', `/evaluations/${id}/self-evaluation`, body);
    expect((await save('dept.staff', { indicators: [{ code: a.code, actual: '已完成', selfScore: a.weight, expectedVersion: 0 }] })).status).toBe(200);
    const asHead = (await load('dept.head', id)).get(a.code)!;
    expect(asHead.selfEntry).toMatchObject({ version: 1, updatedBy: { displayName: '张敏' } });
    // The scores are the team's: the department sees no score part before the draft for comment.
    expect(asHead.scoreEntry).toBeNull();

    expect((await save('dept.staff', { indicators: [{ code: a.code, actual: '基本完成', selfScore: a.weight - 1, deviationReason: '进度滞后', expectedVersion: 1 }] })).status).toBe(200);
    const refused = await save('dept.head', {
      indicators: [
        { code: a.code, actual: '已完成', selfScore: a.weight, expectedVersion: 1 },
        { code: b.code, actual: '已完成', selfScore: b.weight, expectedVersion: 0 },
      ],
      narrative: { overview: '负责人改写的概况' },
      budgetFen: 100,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(new RegExp(`^“${a.name}”的自评已由 张敏 于 .+ 修改为 ${a.weight - 1} 分，请刷新后再保存$`));
    expect(refused.body.details.conflicts).toMatchObject([{ code: a.code, part: 'self', version: 2, current: { actual: '基本完成', selfScore: a.weight - 1 } }]);
    expect(await stored(id, a.code)).toMatchObject({ selfScore: a.weight - 1, selfVersion: 2 });
    expect(await stored(id, b.code)).toBeUndefined();
    expect((await api(t, 'dept.head', 'get', `/evaluations/${id}/self-evaluation`)).body).toMatchObject({ narrative: {}, budgetFen: null });
  });
});
