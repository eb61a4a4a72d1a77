import type { Role } from '@evalflow/domain';
import {
  ASSIGNED_LEAD,
  ASSIGNED_TEAM,
  BUREAU_FINANCE,
  DEPARTMENT,
  EVALUATION_KEY,
  EVALUATION_SELF,
  type AnyWorkflowDefinition,
  type Permit,
  type Relation,
  type TransitionDefinition,
  reviewWorkVisibleToDepartment,
} from '@evalflow/workflow';
import { DEMO_ORGANISATIONS, DEMO_REGIONS, DEMO_USERS } from '../../apps/api/src/modules/demo/demo-data';
import { createTestApp, type TestApp } from '../support/test-app';
import { KEY_PATH, api, createKeyEvaluation, createSelfEvaluation, fillSelfEvaluation, fire, level3, lookupIds, scoreAll, stageDeadlines, type Ids } from '../support/evaluation-steps';

/**
 * Every transition route is in the authorisation matrix: each wrong role or wrong organisation gets 403/404 and
 * nothing changes.
 *
 * One evaluation is parked in every non-terminal state of both lifecycles, twice: commissioned by 长沙市财政局 for
 * 长沙市人民政府办公厅 (team: eval.lead + evaluator), and by 浏阳市财政局 for 浏阳市人民政府办公室 (team: eval.lead only).
 * Then every action the definition offers in that state is fired by every demo user. What each user should get is
 * not typed in: it is derived from the demo data (organisation → region → jurisdiction, roles), the read rules of
 * libs/domain/src/permissions.ts (restated below as an independent oracle) and the permits of the definitions:
 * - cannot read the evaluation → 404;
 * - reads it, but no permit fits (role + relation) → 403, with the refusal kind (wrong_role / not_assigned);
 * - a permit fits → the actions endpoint says allowed or guard_failed; a guard-blocked one is fired too (422).
 *   Unblocked ones are not fired: they would move the shared fixture (the build itself fires the main path).
 * After every request the evaluation's row, history, outbox, findings, entries, report, items and deadlines are
 * compared with the baseline taken after the build; each block ends with the same check through the API.
 * The stage-work routes, PATCH/POST /evaluations, the lists and the 401s follow, then hand-written spot checks.
 */

// ---------------------------------------------------------------------------------------------------------------
// The people and the oracle: computed from the demo data and the rules, never a table of statuses.
// ---------------------------------------------------------------------------------------------------------------

const USERNAMES = [
  'admin',
  'finance.admin',
  'finance.officer',
  'eval.lead',
  'evaluator',
  'dept.head',
  'dept.staff',
  'auditor',
  'liuyang.officer',
  'liuyang.head',
  'liuyang.staff',
  'furong.staff',
] as const;
type Username = (typeof USERNAMES)[number];

interface Person {
  username: Username;
  roles: readonly Role[];
  /** Demo organisation key. */
  organisation: string;
  /** Region codes of the organisation's region and every region below it. */
  jurisdiction: ReadonlySet<string>;
}

const regionOfOrganisation = (key: string): string => {
  const organisation = DEMO_ORGANISATIONS.find((o) => o.key === key);
  if (!organisation) throw new Error(`no demo organisation ${key}`);
  return organisation.region;
};

function regionAndBelow(code: string): Set<string> {
  const regions = new Set([code]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const region of DEMO_REGIONS) {
      if (region.parent && regions.has(region.parent) && !regions.has(region.code)) {
        regions.add(region.code);
        grew = true;
      }
    }
  }
  return regions;
}

const PEOPLE = Object.fromEntries(
  USERNAMES.map((username): [Username, Person] => {
    const user = DEMO_USERS.find((u) => u.username === username);
    if (!user) throw new Error(`no demo user ${username}`);
    return [username, { username, roles: user.roles, organisation: user.organisation, jurisdiction: regionAndBelow(regionOfOrganisation(user.organisation)) }];
  }),
) as Record<Username, Person>;

/** An evaluation as the oracle sees it. */
interface EvaluationView {
  state: string;
  /** Demo organisation keys. */
  department: string;
  commissioning: string;
  lead: string | null;
  members: readonly string[];
}

/** The read rules of libs/domain/src/permissions.ts, restated. */
function canRead(person: Person, evaluation: EvaluationView): boolean {
  const commissioned = evaluation.state !== 'draft';
  const inJurisdiction = person.jurisdiction.has(regionOfOrganisation(evaluation.department));
  const onTeam = evaluation.lead === person.username || evaluation.members.includes(person.username);
  return person.roles.some((role) => {
    switch (role) {
      case 'system_admin':
        return true;
      case 'finance_admin':
      case 'finance_officer':
        return inJurisdiction;
      case 'auditor':
        return commissioned && inJurisdiction;
      case 'evaluation_lead':
      case 'evaluator':
        return commissioned && onTeam;
      case 'department_head':
      case 'department_staff':
        return commissioned && person.organisation === evaluation.department;
    }
  });
}

/** Finance roles edit the terms of their own bureau's evaluations; system_admin only looks (it administers the system). */
const TERMS_EDITORS: readonly Role[] = ['finance_admin', 'finance_officer'];
function canEditTerms(person: Person, evaluation: EvaluationView): boolean {
  return person.roles.some((r) => TERMS_EDITORS.includes(r)) && person.organisation === evaluation.commissioning;
}

/** How the person stands to the evaluation (libs/workflow vocabulary: the lead is a member too). */
function relationsOf(person: Person, evaluation: EvaluationView): Set<Relation> {
  const relations = new Set<Relation>();
  if (person.organisation === evaluation.commissioning) relations.add('commissioning_bureau');
  if (person.jurisdiction.has(regionOfOrganisation(evaluation.department))) relations.add('jurisdiction');
  if (evaluation.lead === person.username) relations.add('assigned_lead');
  if (evaluation.lead === person.username || evaluation.members.includes(person.username)) relations.add('assigned_member');
  if (person.organisation === evaluation.department) relations.add('evaluated_department');
  return relations;
}

/** undefined when a permit fits; else why not. system_admin never counts (it holds no workflow power). */
function permitRefusal(permits: readonly Permit[], person: Person, evaluation: EvaluationView): 'wrong_role' | 'not_assigned' | undefined {
  const roles: readonly Role[] = person.roles.filter((role) => role !== 'system_admin');
  const relations = relationsOf(person, evaluation);
  const byRole = permits.filter((permit) => permit.roles.some((role) => roles.includes(role)));
  if (byRole.some((permit) => relations.has(permit.relation))) return undefined;
  return byRole.length > 0 ? 'not_assigned' : 'wrong_role';
}

// ---------------------------------------------------------------------------------------------------------------
// The fixture: one evaluation per (variant, lifecycle, state).
// ---------------------------------------------------------------------------------------------------------------

type Kind = 'key' | 'self';
type Variant = 'changsha' | 'liuyang';

const LIFECYCLE: Record<Kind, AnyWorkflowDefinition> = {
  key: EVALUATION_KEY as unknown as AnyWorkflowDefinition,
  self: EVALUATION_SELF as unknown as AnyWorkflowDefinition,
};

/** The main path of each lifecycle: every non-terminal state (checked against the definitions below). */
const MAIN_PATH: Record<Kind, readonly string[]> = {
  key: ['draft', ...KEY_PATH, 'rectification'],
  self: ['draft', 'commissioned', 'self_evaluation', 'submitted', 'review', 'rectification'],
};

/** Who drives the evaluations of each variant. */
interface Cast {
  bureau: Username;
  /** The commissioning bureau's section head (approves final reports), if the demo has one. */
  bureauAdmin?: Username;
  staff: Username;
  head: Username;
  lead: Username;
  /** Who scores and records findings in fieldwork. */
  scorer: Username;
  members: readonly Username[];
}

const CAST: Record<Variant, Cast> = {
  changsha: { bureau: 'finance.officer', bureauAdmin: 'finance.admin', staff: 'dept.staff', head: 'dept.head', lead: 'eval.lead', scorer: 'evaluator', members: ['evaluator'] },
  // 浏阳市财政局 has no section head among the demo users: nobody may approve its final reports, so its key
  // evaluations stop at final_review. The evaluator is not on this team.
  liuyang: { bureau: 'liuyang.officer', staff: 'liuyang.staff', head: 'liuyang.head', lead: 'eval.lead', scorer: 'eval.lead', members: [] },
};

interface FixtureSpec {
  label: string;
  variant: Variant;
  kind: Kind;
  state: string;
  view: EvaluationView;
}

function statesOf(variant: Variant, kind: Kind): readonly string[] {
  const path = MAIN_PATH[kind];
  return kind === 'key' && !CAST[variant].bureauAdmin ? path.slice(0, path.indexOf('final_review') + 1) : path;
}

const FIXTURES: FixtureSpec[] = (['changsha', 'liuyang'] as const).flatMap((variant) =>
  (['key', 'self'] as const).flatMap((kind) =>
    statesOf(variant, kind).map((state): FixtureSpec => {
      const cast = CAST[variant];
      return {
        label: `${kind}/${variant} @ ${state}`,
        variant,
        kind,
        state,
        view: {
          state,
          department: PEOPLE[cast.staff].organisation,
          commissioning: PEOPLE[cast.bureau].organisation,
          lead: kind === 'key' ? cast.lead : null,
          members: kind === 'key' ? cast.members : [],
        },
      };
    }),
  ),
);

interface Fingerprint {
  [column: string]: unknown;
}

interface Built {
  spec: FixtureSpec;
  id: string;
  indicators: { code: string; weight: number }[];
  baseline: Fingerprint;
  apiBaseline: { state: string; version: number; history: number };
}

let t: TestApp;
let ids: Ids;
/** What a transition on an evaluation that does not exist answers: an invisible one must answer exactly the same. */
let notFoundBody: unknown;
const built = new Map<string, Built>();
const orgIds: Record<string, string> = {};

const fixture = (label: string): Built => {
  const found = built.get(label);
  if (!found) throw new Error(`fixture ${label} was not built`);
  return found;
};

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const COMMENT = '授权矩阵测试：理由已填写';

interface HttpResult {
  status: number;
  // Response bodies are JSON of many shapes; each test names the fields it reads.
  body: Record<string, unknown> & { code?: string; details?: Record<string, unknown> };
}

async function must(call: PromiseLike<HttpResult>, status: number, what: string): Promise<HttpResult['body']> {
  const response = await call;
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

async function step(username: Username, id: string, action: string, extra: { comment?: string; parameters?: Record<string, string> } = {}) {
  await must(fire(t, username, id, action, extra), 200, `${action} as ${username}`);
}

async function findingOf(id: string): Promise<{ id: string; version: number } | undefined> {
  const [row] = await t.db.query(`SELECT id, version FROM findings WHERE evaluation_id = $1 ORDER BY seq LIMIT 1`, [id]);
  return row;
}

async function theFinding(id: string): Promise<{ id: string; version: number }> {
  const finding = await findingOf(id);
  if (!finding) throw new Error(`evaluation ${id} has no finding`);
  return finding;
}

async function versionOf(id: string): Promise<number> {
  return (await t.db.query(`SELECT version FROM evaluations WHERE id = $1`, [id]))[0].version;
}

/** Everything a refused request could have written, in one query. */
async function fingerprint(id: string): Promise<Fingerprint> {
  const [row] = await t.db.query(
    `SELECT e.state, e.version, e.updated_at::text AS "updatedAt", e.title, e.department_id AS "departmentId", e.report_number AS "reportNumber",
       e.review_opinion AS "reviewOpinion", e.rating,
       (SELECT count(*)::int FROM workflow_history h WHERE h.evaluation_id = e.id) AS history,
       (SELECT count(*)::int FROM outbox o WHERE o.aggregate_id = e.id) AS outbox,
       (SELECT coalesce(json_agg(json_build_object('id', f.id, 'version', f.version, 'updatedAt', f.updated_at) ORDER BY f.seq), '[]'::json)
          FROM findings f WHERE f.evaluation_id = e.id) AS findings,
       (SELECT json_build_object('rows', count(*), 'updatedAt', max(x.updated_at)) FROM evaluation_indicator_entries x WHERE x.evaluation_id = e.id) AS "indicatorEntries",
       (SELECT r.updated_at::text FROM self_evaluation_reports r WHERE r.evaluation_id = e.id) AS "selfEvaluationReport",
       (SELECT count(*)::int FROM rectification_items ri WHERE ri.evaluation_id = e.id) AS "rectificationItems",
       (SELECT json_object_agg(d.key, d.status ORDER BY d.key) FROM evaluation_deadlines d WHERE d.evaluation_id = e.id) AS deadlines,
       (SELECT coalesce(json_agg(m.user_id::text || ':' || m.role ORDER BY m.user_id), '[]'::json) FROM evaluation_team_members m WHERE m.evaluation_id = e.id) AS team
     FROM evaluations e WHERE e.id = $1`,
    [id],
  );
  return row;
}

/** Version, state and history count as the API reports them (read as admin, who reads every evaluation). */
async function viaApi(id: string): Promise<Built['apiBaseline']> {
  const evaluation = await api(t, 'admin', 'get', `/evaluations/${id}`);
  const history = await api(t, 'admin', 'get', `/evaluations/${id}/history`);
  if (evaluation.status !== 200 || history.status !== 200) throw new Error(`reading ${id} as admin: ${evaluation.status}/${history.status}`);
  return { state: evaluation.body.state, version: evaluation.body.version, history: history.body.items.length };
}

async function create(variant: Variant, kind: Kind): Promise<string> {
  if (variant === 'changsha') return (kind === 'key' ? await createKeyEvaluation(t, ids) : await createSelfEvaluation(t, ids)).id;
  // The helpers create as finance.officer for 长沙市人民政府办公厅; the Liuyang bureau commissions its own department.
  const cast = CAST[variant];
  const common = { fiscalYear: 2025, departmentId: orgIds[PEOPLE[cast.staff].organisation], legalBasis: '浏财绩〔2026〕1号' };
  const body =
    kind === 'key'
      ? {
          ...common,
          kind,
          scope: 'department_whole',
          title: '2025年度浏阳市人民政府办公室部门整体支出绩效评价',
          frameworkVersionId: ids.frameworks.departmentWhole,
          evaluatorOrganisationId: ids.firm,
          leadUserId: ids.lead,
          memberUserIds: [],
          deadlines: stageDeadlines({ commentPeriodPassed: true }),
        }
      : {
          ...common,
          kind,
          scope: 'project',
          title: '2025年度浏阳市政务服务项目绩效自评',
          projectName: '浏阳市政务服务项目',
          frameworkVersionId: ids.frameworks.project,
          deadlines: { self_evaluation: '2026-03-31', self_evaluation_review: '2026-04-30', rectification: '2099-12-31' },
        };
  return (await must(api(t, cast.bureau, 'post', '/evaluations', body), 201, `create ${kind}/${variant}`)).id as string;
}

const FINDING = { category: '预算管理', title: '预算调整率偏高', description: '年中追加预算，预算调整率18.61%', causeAnalysis: '年初预算编制不够精细', recommendation: '提高预算编制的准确性' };

/** Moves one evaluation from `from` to the next state of its main path, by the right people. */
async function advance(variant: Variant, kind: Kind, id: string, from: string): Promise<void> {
  const cast = CAST[variant];
  const key = `${kind}:${from}`;
  switch (key) {
    case 'key:draft':
    case 'self:draft':
      return step(cast.bureau, id, 'commission');
    case 'key:commissioned':
    case 'self:commissioned':
      return step(cast.staff, id, 'start_self_evaluation');
    case 'key:self_evaluation':
    case 'self:self_evaluation':
      await must(fillSelfEvaluation(t, id, cast.staff), 200, 'fill the self-evaluation');
      return step(cast.head, id, 'submit_self_evaluation');
    case 'key:self_evaluation_review':
      await step(cast.bureau, id, 'accept_self_evaluation');
      // From fieldwork on, every key evaluation has a finding (the answer and adjudication routes work on it).
      await must(api(t, cast.scorer, 'post', `/evaluations/${id}/findings`, FINDING), 201, 'record a finding');
      return;
    case 'key:fieldwork':
      await must(scoreAll(t, id, cast.scorer), 200, 'score');
      return step(cast.lead, id, 'submit_draft');
    case 'key:draft_review':
      return step(cast.bureau, id, 'issue_draft_for_comment');
    case 'key:draft_for_comment': {
      const finding = await theFinding(id);
      await must(
        api(t, cast.staff, 'put', `/evaluations/${id}/findings/${finding.id}/answer`, { answer: 'disputed', text: '追加预算系上级专项转移支付', expectedVersion: finding.version }),
        200,
        'answer the finding',
      );
      // Parked in adjudication, the dispute is not adjudicated yet: submit_final_report is guard-blocked there.
      return step(cast.lead, id, 'start_adjudication');
    }
    case 'key:adjudication': {
      const finding = await theFinding(id);
      await must(
        api(t, cast.lead, 'put', `/evaluations/${id}/findings/${finding.id}/adjudication`, { adjudication: 'upheld', reason: '经核实，问题成立', expectedVersion: finding.version }),
        200,
        'adjudicate',
      );
      return step(cast.lead, id, 'submit_final_report');
    }
    case 'key:final_review':
      // Parked in final_review, the report has no number yet: approve_final_report is guard-blocked there.
      await must(api(t, cast.lead, 'put', `/evaluations/${id}/report-number`, { reportNumber: '湘浩元评字[2026]第 99 号', expectedVersion: await versionOf(id) }), 200, 'number the report');
      if (!cast.bureauAdmin) throw new Error(`${variant} has no section head to approve the final report`);
      return step(cast.bureauAdmin, id, 'approve_final_report');
    case 'key:published':
      // The finding stands: close is guard-blocked in published, and rectification opens one item.
      return step(cast.bureau, id, 'start_rectification');
    case 'self:submitted':
      await step(cast.bureau, id, 'start_review');
      // A review opinion item (the self-evaluation's finding), which rating turns into a rectification item.
      await must(api(t, cast.bureau, 'post', `/evaluations/${id}/findings`, { title: '绩效目标设定不够细化', description: '部分产出指标未量化' }), 201, 'record a review opinion');
      return;
    case 'self:review':
      // Parked in review, no review opinion is written yet: rate is guard-blocked there.
      await must(api(t, cast.bureau, 'put', `/evaluations/${id}/review-opinion`, { reviewOpinion: '自评资料完整，目标设定较合理', expectedVersion: await versionOf(id) }), 200, 'write the review opinion');
      return step(cast.bureau, id, 'rate', { parameters: { rating: 'good' } });
    default:
      throw new Error(`no step from ${key}`);
  }
}

/** Builds one evaluation per state of the lifecycle, advancing them together so each is driven only once per step. */
async function buildLifecycle(variant: Variant, kind: Kind): Promise<void> {
  const path = MAIN_PATH[kind];
  const specs = FIXTURES.filter((spec) => spec.variant === variant && spec.kind === kind);
  const targets: { spec: FixtureSpec; id: string }[] = [];
  for (const spec of specs) targets.push({ spec, id: await create(variant, kind) });
  for (let index = 0; index < path.length - 1; index++) {
    for (const target of targets.filter((x) => path.indexOf(x.spec.state) > index)) await advance(variant, kind, target.id, path[index]);
  }
  for (const { spec, id } of targets) {
    const state = (await t.db.query(`SELECT state FROM evaluations WHERE id = $1`, [id]))[0].state;
    if (state !== spec.state) throw new Error(`${spec.label} ended in ${state}`);
    built.set(spec.label, { spec, id, indicators: await level3(t, id), baseline: {}, apiBaseline: { state: '', version: 0, history: 0 } });
  }
}

beforeAll(async () => {
  t = await createTestApp();
  ids = await lookupIds(t);
  for (const row of await t.db.query(`SELECT id, name FROM organisations`)) {
    const demo = DEMO_ORGANISATIONS.find((o) => o.name === row.name);
    if (demo) orgIds[demo.key] = row.id;
  }
});
beforeAll(() => buildLifecycle('changsha', 'key'));
beforeAll(() => buildLifecycle('changsha', 'self'));
beforeAll(() => buildLifecycle('liuyang', 'key'));
beforeAll(() => buildLifecycle('liuyang', 'self'));
beforeAll(async () => {
  // Let the outbox relay settle first: the baseline must not race the effects of the build.
  await new Promise((resolve) => setTimeout(resolve, 500));
  notFoundBody = (await api(t, 'finance.officer', 'post', `/evaluations/${NO_SUCH_ID}/transitions`, { action: 'commission', expectedVersion: 1 })).body;
  for (const entry of built.values()) {
    entry.baseline = await fingerprint(entry.id);
    entry.apiBaseline = await viaApi(entry.id);
  }
});
afterAll(() => t?.close());

const unchanged = async (entry: Built) => expect(await fingerprint(entry.id)).toEqual(entry.baseline);

describe('the fixture', () => {
  it.each(['key', 'self'] as const)('parks a %s evaluation in every non-terminal state of its lifecycle, along the main path', (kind) => {
    const definition = LIFECYCLE[kind];
    const nonTerminal = definition.states.map((s) => s.id).filter((s) => !definition.terminal.includes(s));
    expect([...MAIN_PATH[kind]].sort()).toEqual(nonTerminal.sort());
    MAIN_PATH[kind].slice(1).forEach((state, index) => {
      expect(definition.transitions.some((tr) => tr.from.includes(MAIN_PATH[kind][index]) && tr.to === state)).toBe(true);
    });
    for (const variant of ['changsha', 'liuyang'] as const) {
      for (const state of statesOf(variant, kind)) expect(fixture(`${kind}/${variant} @ ${state}`).apiBaseline.state).toBe(state);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// POST /api/evaluations/:id/transitions: every (state, action) × every demo user.
// ---------------------------------------------------------------------------------------------------------------

type TransitionOutcome = { status: 404 } | { status: 403; refusal: 'wrong_role' | 'not_assigned' | 'system_only' } | { status: 'permitted' };

function transitionOutcome(spec: FixtureSpec, transition: TransitionDefinition, person: Person): TransitionOutcome {
  if (!canRead(person, spec.view)) return { status: 404 };
  // A timer's action (issue 12 §4): only the system fires it; no person, whoever they are.
  if (transition.system) return { status: 403, refusal: 'system_only' };
  const refusal = permitRefusal(transition.permits, person, spec.view);
  return refusal ? { status: 403, refusal } : { status: 'permitted' };
}

const describeOutcome = (outcome: TransitionOutcome) =>
  outcome.status === 403 ? `403 (${outcome.refusal})` : outcome.status === 404 ? '404' : 'permitted (allowed, or 422 if a guard blocks)';

/** Every comment and parameter the transition requires, filled: the only reason left to refuse is who asks. */
function inputFor(transition: TransitionDefinition): { comment?: string; parameters?: Record<string, string> } {
  return {
    ...(transition.requiresComment ? { comment: COMMENT } : {}),
    ...(transition.parameters ? { parameters: Object.fromEntries(Object.entries(transition.parameters).map(([name, p]) => [name, p.options[0].value])) } : {}),
  };
}

interface ActionEntry {
  action: string;
  allowed: boolean;
  blockedBy: { id: string }[];
  refusal?: { kind: string };
}

async function actionEntry(username: Username, id: string, action: string): Promise<ActionEntry | undefined> {
  const response = await api(t, username, 'get', `/evaluations/${id}/actions`);
  expect(response.status).toBe(200);
  return (response.body.actions as ActionEntry[]).find((entry) => entry.action === action);
}

let transitionCells = 0;
describe.each(FIXTURES)('transitions of $label', (spec) => {
  const transitions = LIFECYCLE[spec.kind].transitions.filter((tr) => tr.from.includes(spec.state));
  const cells = transitions.flatMap((transition) =>
    USERNAMES.map((username) => {
      const outcome = transitionOutcome(spec, transition, PEOPLE[username]);
      return { action: transition.action, transition, username, outcome, expected: describeOutcome(outcome) };
    }),
  );
  transitionCells += cells.length;

  it.each(cells)('$action as $username → $expected', async ({ action, transition, username, outcome }) => {
    const entry = fixture(spec.label);
    if (outcome.status === 'permitted') {
      const available = await actionEntry(username, entry.id, action);
      expect(available?.refusal?.kind ?? (available?.allowed ? 'allowed' : 'missing')).toMatch(/^(allowed|guard_failed)$/);
      if (available?.refusal?.kind === 'guard_failed') {
        // Blocked by a guard, so firing it cannot move the fixture: it must get past authorisation to the guards.
        const response = await fire(t, username, entry.id, action, inputFor(transition));
        expect({ status: response.status, code: response.body.code, guards: response.body.details?.failedGuards?.map((g: { id: string }) => g.id) }).toEqual({
          status: 422,
          code: 'GUARD_FAILED',
          guards: available.blockedBy.map((g) => g.id),
        });
      }
    } else {
      const response = await fire(t, username, entry.id, action, inputFor(transition));
      const expected =
        outcome.status === 404 ? { status: 404, code: 'NOT_FOUND', refusal: undefined } : { status: 403, code: 'FORBIDDEN', refusal: outcome.refusal };
      expect({ status: response.status, code: response.body.code, refusal: response.body.details?.refusal }).toEqual(expected);
      // Its existence is not disclosed: the same answer as for an id that does not exist.
      if (outcome.status === 404) expect(response.body).toEqual(notFoundBody);
      if (outcome.status === 403) {
        // The actions endpoint tells the same story (the web app hides the button on it); a system action is not
        // offered to a person at all.
        const available = await actionEntry(username, entry.id, action);
        if (outcome.refusal === 'system_only') expect(available).toBeUndefined();
        else expect({ allowed: available?.allowed, refusal: available?.refusal?.kind }).toEqual({ allowed: false, refusal: outcome.refusal });
      }
    }
    await unchanged(entry);
  });

  it('nothing changed: version, state and history count through the API are those of the build', async () => {
    const entry = fixture(spec.label);
    expect(await viaApi(entry.id)).toEqual(entry.apiBaseline);
    await unchanged(entry);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The stage-work routes and PATCH /api/evaluations/:id: every route × every parked evaluation × every demo user.
// ---------------------------------------------------------------------------------------------------------------

interface WorkRule {
  states: readonly string[];
  permits: readonly Permit[];
}

interface Expected {
  status: number;
  code: string;
}

interface WorkRoute {
  name: string;
  method: 'put' | 'post' | 'patch';
  path: (entry: Built) => Promise<string> | string;
  /** Who does this work, in which states (apps/api evaluation-work.service.ts, with the definitions' parties). */
  rule?: (kind: Kind) => WorkRule;
  /** Overrides the rule-based expectation (PATCH /evaluations/:id follows the permission rules instead). */
  expectation?: (spec: FixtureSpec, person: Person) => Expected;
  /** A valid request: refused only for who asks or when. */
  body: (entry: Built) => Promise<object>;
  /** For those who may: a request refused only after authorisation and state checks, so nothing is written. */
  probe: (entry: Built) => Promise<object>;
  probeRefusal: Expected;
}

const findingPath = async (entry: Built, suffix = '') => `/evaluations/${entry.id}/findings/${(await findingOf(entry.id))?.id ?? NO_SUCH_ID}${suffix}`;
const findingVersion = async (entry: Built) => (await findingOf(entry.id))?.version ?? 1;
const STALE = 1_000;
const UNKNOWN_CODE = 'ZZ-NO-SUCH';
const RULE_VIOLATION: Expected = { status: 422, code: 'RULE_VIOLATION' };
const VERSION_CONFLICT: Expected = { status: 409, code: 'VERSION_CONFLICT' };
const TEAM_FINDINGS: WorkRule = { states: ['fieldwork', 'adjudication'], permits: [ASSIGNED_TEAM] };
const REVIEW_FINDINGS: WorkRule = { states: ['review'], permits: [BUREAU_FINANCE] };

const WORK_ROUTES: WorkRoute[] = [
  {
    name: 'PUT /api/evaluations/:id/self-evaluation',
    method: 'put',
    path: (entry) => `/evaluations/${entry.id}/self-evaluation`,
    rule: () => ({ states: ['self_evaluation'], permits: [DEPARTMENT] }),
    body: async (entry) => ({
      indicators: entry.indicators.map((row) => ({ code: row.code, target: '达到预期', actual: '已达到', selfScore: row.weight })),
      budgetFen: 100,
      spentFen: 90,
      narrative: { overview: '改写的部门概况' },
    }),
    probe: async () => ({ indicators: [{ code: UNKNOWN_CODE, selfScore: 1 }] }),
    probeRefusal: RULE_VIOLATION,
  },
  {
    name: 'PUT /api/evaluations/:id/scores',
    method: 'put',
    path: (entry) => `/evaluations/${entry.id}/scores`,
    rule: () => ({ states: ['fieldwork', 'adjudication'], permits: [ASSIGNED_TEAM] }),
    body: async (entry) => ({ scores: entry.indicators.map((row) => ({ code: row.code, score: 0, deductionReason: '改写的扣分', changeReason: '改写' })) }),
    probe: async () => ({ scores: [{ code: UNKNOWN_CODE, score: 1 }] }),
    probeRefusal: RULE_VIOLATION,
  },
  {
    name: 'POST /api/evaluations/:id/findings',
    method: 'post',
    path: (entry) => `/evaluations/${entry.id}/findings`,
    rule: (kind) => (kind === 'key' ? TEAM_FINDINGS : REVIEW_FINDINGS),
    body: async () => ({ title: '不应写入的问题', description: '授权矩阵测试的问题', causeAnalysis: '无', recommendation: '无' }),
    probe: async () => ({ title: '不应写入的问题', description: '授权矩阵测试的问题', indicatorCode: UNKNOWN_CODE }),
    probeRefusal: RULE_VIOLATION,
  },
  {
    name: 'PATCH /api/evaluations/:id/findings/:fid',
    method: 'patch',
    path: (entry) => findingPath(entry),
    rule: (kind) => (kind === 'key' ? TEAM_FINDINGS : REVIEW_FINDINGS),
    body: async (entry) => ({ title: '改写的问题标题', expectedVersion: await findingVersion(entry) }),
    probe: async (entry) => ({ indicatorCode: UNKNOWN_CODE, expectedVersion: await findingVersion(entry) }),
    probeRefusal: RULE_VIOLATION,
  },
  {
    name: 'PUT /api/evaluations/:id/findings/:fid/answer',
    method: 'put',
    path: (entry) => findingPath(entry, '/answer'),
    rule: () => ({ states: ['draft_for_comment'], permits: [DEPARTMENT] }),
    body: async (entry) => ({ answer: 'accepted', expectedVersion: await findingVersion(entry) }),
    probe: async () => ({ answer: 'accepted', expectedVersion: STALE }),
    probeRefusal: VERSION_CONFLICT,
  },
  {
    name: 'PUT /api/evaluations/:id/findings/:fid/adjudication',
    method: 'put',
    path: (entry) => findingPath(entry, '/adjudication'),
    rule: () => ({ states: ['adjudication'], permits: [ASSIGNED_TEAM] }),
    body: async (entry) => ({ adjudication: 'withdrawn', reason: '改写的处理意见', expectedVersion: await findingVersion(entry) }),
    probe: async () => ({ adjudication: 'withdrawn', reason: '改写的处理意见', expectedVersion: STALE }),
    probeRefusal: VERSION_CONFLICT,
  },
  {
    name: 'PUT /api/evaluations/:id/report-number',
    method: 'put',
    path: (entry) => `/evaluations/${entry.id}/report-number`,
    rule: () => ({ states: ['adjudication', 'final_review'], permits: [ASSIGNED_LEAD, BUREAU_FINANCE] }),
    body: async (entry) => ({ reportNumber: '授权测试〔2026〕1号', expectedVersion: await versionOf(entry.id) }),
    probe: async () => ({ reportNumber: '授权测试〔2026〕1号', expectedVersion: STALE }),
    probeRefusal: VERSION_CONFLICT,
  },
  {
    name: 'PUT /api/evaluations/:id/review-opinion',
    method: 'put',
    path: (entry) => `/evaluations/${entry.id}/review-opinion`,
    rule: () => ({ states: ['review'], permits: [BUREAU_FINANCE] }),
    body: async (entry) => ({ reviewOpinion: '改写的审核意见', expectedVersion: await versionOf(entry.id) }),
    probe: async () => ({ reviewOpinion: '改写的审核意见', expectedVersion: STALE }),
    probeRefusal: VERSION_CONFLICT,
  },
  {
    name: 'PATCH /api/evaluations/:id',
    method: 'patch',
    path: (entry) => `/evaluations/${entry.id}`,
    expectation: (spec, person) => {
      // The route is closed to roles that never edit terms (checked before the record is loaded).
      if (!person.roles.some((role) => TERMS_EDITORS.includes(role))) return { status: 403, code: 'FORBIDDEN' };
      if (!canRead(person, spec.view)) return { status: 404, code: 'NOT_FOUND' };
      if (!canEditTerms(person, spec.view)) return { status: 403, code: 'FORBIDDEN' };
      if (spec.state !== 'draft') return { status: 409, code: 'CONFLICT' };
      return RULE_VIOLATION;
    },
    body: async (entry) => ({ title: '改写的评价项目名称', expectedVersion: await versionOf(entry.id) }),
    // A finance bureau is not a department: refused by the terms check, after the version and state checks.
    probe: async (entry) => ({ departmentId: orgIds[entry.spec.view.commissioning], expectedVersion: await versionOf(entry.id) }),
    probeRefusal: RULE_VIOLATION,
  },
];

function workExpectation(route: WorkRoute, spec: FixtureSpec, person: Person): Expected {
  if (route.expectation) return route.expectation(spec, person);
  if (!canRead(person, spec.view)) return { status: 404, code: 'NOT_FOUND' };
  if (!route.rule) throw new Error(`${route.name} has neither a rule nor an expectation`);
  const rule = route.rule(spec.kind);
  if (permitRefusal(rule.permits, person, spec.view)) return { status: 403, code: 'FORBIDDEN' };
  if (!rule.states.includes(spec.state)) return { status: 409, code: 'CONFLICT' };
  return route.probeRefusal;
}

let workCells = 0;
describe.each(WORK_ROUTES)('$name', (route) => {
  workCells += FIXTURES.length * USERNAMES.length;
  it.each(FIXTURES)('on $label: 404 unseen, 403 not theirs, 409 wrong state, and no write', async (spec) => {
    const entry = fixture(spec.label);
    const expected: Record<string, string> = {};
    const actual: Record<string, string> = {};
    for (const username of USERNAMES) {
      const want = workExpectation(route, spec, PEOPLE[username]);
      const probing = want === route.probeRefusal;
      expected[username] = `${want.status} ${want.code}${probing ? ' (past authorisation)' : ''}`;
      const body = probing ? await route.probe(entry) : await route.body(entry);
      const response = await api(t, username, route.method, await route.path(entry), body);
      const wrote = JSON.stringify(await fingerprint(entry.id)) !== JSON.stringify(entry.baseline);
      actual[username] = `${response.status} ${response.body.code}${probing ? ' (past authorisation)' : ''}${wrote ? ' AND WROTE' : ''}`;
    }
    expect(actual).toEqual(expected);
    await unchanged(entry);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// POST /api/evaluations
// ---------------------------------------------------------------------------------------------------------------

describe('POST /api/evaluations', () => {
  const TARGETS = [
    { name: '长沙市人民政府办公厅 (key)', department: 'cs-gov-office' },
    { name: '浏阳市人民政府办公室 (self)', department: 'ly-gov-office' },
  ];
  const cells = TARGETS.flatMap((target) =>
    USERNAMES.map((username) => {
      const person = PEOPLE[username];
      const expected = !person.roles.some((role) => TERMS_EDITORS.includes(role))
        ? { status: 403, code: 'FORBIDDEN' }
        : !person.jurisdiction.has(regionOfOrganisation(target.department))
          ? { status: 422, code: 'RULE_VIOLATION' }
          : { status: 201, code: undefined };
      return { target: target.name, department: target.department, username, expected, title: `${expected.status}` };
    }),
  );

  it.each(cells)('for $target as $username → $title', async ({ department, username, expected }) => {
    const body =
      department === 'cs-gov-office'
        ? {
            kind: 'key',
            scope: 'department_whole',
            title: '授权矩阵测试：新建重点评价',
            fiscalYear: 2026,
            departmentId: orgIds[department],
            frameworkVersionId: ids.frameworks.departmentWhole,
            evaluatorOrganisationId: ids.firm,
            leadUserId: ids.lead,
            memberUserIds: [ids.evaluator],
            deadlines: stageDeadlines(),
          }
        : { kind: 'self', scope: 'project', title: '授权矩阵测试：新建自评', projectName: '测试项目', fiscalYear: 2026, departmentId: orgIds[department], frameworkVersionId: ids.frameworks.project };
    const count = async () => (await t.db.query(`SELECT count(*)::int AS n FROM evaluations`))[0].n as number;
    const before = await count();
    const response = await api(t, username, 'post', '/evaluations', body);
    expect({ status: response.status, code: response.body.code }).toEqual(expected);
    // The same answer as for a department that does not exist: nothing outside the jurisdiction is disclosed.
    if (expected.status === 422) expect(response.body.details).toEqual([{ path: 'departmentId', message: 'not an active department in your jurisdiction' }]);
    if (expected.status === 201) {
      // A draft of the caller's own bureau, seen by nobody outside the finance side yet.
      expect({ state: response.body.state, commissioning: response.body.commissioningOrganisation.id }).toEqual({
        state: 'draft',
        commissioning: orgIds[PEOPLE[username].organisation],
      });
    }
    expect(await count()).toBe(before + (expected.status === 201 ? 1 : 0));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Lists and reads
// ---------------------------------------------------------------------------------------------------------------

/** Every evaluation in the database (the fixture and what POST created), as the oracle sees it. */
async function everyEvaluation(): Promise<{ id: string; view: EvaluationView }[]> {
  const rows: { id: string; state: string; department: string; commissioning: string; lead: string | null; members: string[] }[] = await t.db.query(
    `SELECT e.id, e.state, d.name AS department, c.name AS commissioning,
       (SELECT u.username FROM evaluation_team_members m JOIN users u ON u.id = m.user_id WHERE m.evaluation_id = e.id AND m.role = 'lead') AS lead,
       (SELECT coalesce(json_agg(u.username), '[]'::json) FROM evaluation_team_members m JOIN users u ON u.id = m.user_id WHERE m.evaluation_id = e.id AND m.role = 'member') AS members
     FROM evaluations e JOIN organisations d ON d.id = e.department_id JOIN organisations c ON c.id = e.commissioning_organisation_id`,
  );
  const keyOf = (name: string) => {
    const organisation = DEMO_ORGANISATIONS.find((o) => o.name === name);
    if (!organisation) throw new Error(`${name} is not a demo organisation`);
    return organisation.key;
  };
  return rows.map((row) => ({
    id: row.id,
    view: { state: row.state, department: keyOf(row.department), commissioning: keyOf(row.commissioning), lead: row.lead, members: row.members },
  }));
}

describe('lists and reads are filtered by the same rules', () => {
  it.each(USERNAMES)('GET /api/evaluations as %s lists exactly the evaluations it may read', async (username) => {
    const all = await everyEvaluation();
    expect(all.length).toBeLessThanOrEqual(100);
    const expected = all.filter((e) => canRead(PEOPLE[username], e.view)).map((e) => e.id);
    const response = await api(t, username, 'get', '/evaluations?pageSize=100');
    expect(response.status).toBe(200);
    expect(response.body.items.map((e: { id: string }) => e.id).sort()).toEqual(expected.sort());
    expect(response.body.total).toBe(expected.length);
  });

  it.each(USERNAMES)('GET /api/evaluations/:id as %s: 200 for every evaluation it may read, 404 for every other', async (username) => {
    const expected: Record<string, number> = {};
    const actual: Record<string, number> = {};
    for (const evaluation of await everyEvaluation()) {
      expected[evaluation.id] = canRead(PEOPLE[username], evaluation.view) ? 200 : 404;
      actual[evaluation.id] = (await api(t, username, 'get', `/evaluations/${evaluation.id}`)).status;
    }
    expect(actual).toEqual(expected);
  });

  const SAMPLES = ['key/changsha @ draft', 'key/changsha @ fieldwork', 'self/liuyang @ draft', 'self/liuyang @ review', 'key/liuyang @ draft_for_comment'];
  const READS = ['indicators', 'self-evaluation', 'findings', 'history', 'actions'];
  /** The department before the draft for comment (the rating) is refused the findings (department-visibility suite). */
  const hidesReviewWork = (person: Person, spec: FixtureSpec) =>
    relationsOf(person, spec.view).has('evaluated_department') && !relationsOf(person, spec.view).has('assigned_member') && !reviewWorkVisibleToDepartment(spec.kind, spec.state);
  it.each(USERNAMES)('the reads of an evaluation (%s): indicators, self-evaluation, findings, history, actions are 200 or 404 by the same rule (findings 403 to the department before the draft)', async (username) => {
    const expected: Record<string, number> = {};
    const actual: Record<string, number> = {};
    for (const label of SAMPLES) {
      const entry = fixture(label);
      for (const read of READS) {
        expected[`${label} ${read}`] = !canRead(PEOPLE[username], entry.spec.view) ? 404 : read === 'findings' && hidesReviewWork(PEOPLE[username], entry.spec) ? 403 : 200;
        actual[`${label} ${read}`] = (await api(t, username, 'get', `/evaluations/${entry.id}/${read}`)).status;
      }
    }
    expect(actual).toEqual(expected);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Without a token
// ---------------------------------------------------------------------------------------------------------------

describe('without a valid token', () => {
  const TARGET = 'key/changsha @ draft_for_comment';
  const ROUTES: [method: 'get' | 'post' | 'put' | 'patch', path: (id: string, findingId: string) => string, body?: object][] = [
    ['get', () => '/api/evaluations'],
    ['post', () => '/api/evaluations', { kind: 'self', scope: 'project', title: '未登录的创建', projectName: 'x', fiscalYear: 2026, departmentId: NO_SUCH_ID }],
    ['get', (id) => `/api/evaluations/${id}`],
    ['patch', (id) => `/api/evaluations/${id}`, { title: '未登录的修改', expectedVersion: 1 }],
    ['post', (id) => `/api/evaluations/${id}/transitions`, { action: 'start_adjudication', expectedVersion: 1 }],
    ['get', (id) => `/api/evaluations/${id}/actions`],
    ['get', (id) => `/api/evaluations/${id}/history`],
    ['get', (id) => `/api/evaluations/${id}/indicators`],
    ['get', (id) => `/api/evaluations/${id}/self-evaluation`],
    ['put', (id) => `/api/evaluations/${id}/self-evaluation`, { budgetFen: 1 }],
    ['put', (id) => `/api/evaluations/${id}/scores`, { scores: [{ code: 'x', score: 1 }] }],
    ['get', (id) => `/api/evaluations/${id}/findings`],
    ['post', (id) => `/api/evaluations/${id}/findings`, { title: '未登录', description: '未登录的问题' }],
    ['patch', (id, fid) => `/api/evaluations/${id}/findings/${fid}`, { title: '未登录', expectedVersion: 1 }],
    ['put', (id, fid) => `/api/evaluations/${id}/findings/${fid}/answer`, { answer: 'accepted', expectedVersion: 1 }],
    ['put', (id, fid) => `/api/evaluations/${id}/findings/${fid}/adjudication`, { adjudication: 'upheld', reason: '未登录', expectedVersion: 1 }],
    ['put', (id) => `/api/evaluations/${id}/report-number`, { reportNumber: '未登录〔1〕号', expectedVersion: 1 }],
    ['put', (id) => `/api/evaluations/${id}/review-opinion`, { reviewOpinion: '未登录', expectedVersion: 1 }],
    ['get', () => '/api/me/tasks'],
  ];
  const cases = ROUTES.map(([method, path, body]) => ({ method, path, body, name: `${method.toUpperCase()} ${path(':id', ':fid')}` }));

  it.each(cases)('$name → 401 with no token and with a malformed one, and nothing written', async ({ method, path, body }) => {
    const entry = fixture(TARGET);
    const url = path(entry.id, (await theFinding(entry.id)).id);
    const count = async () => (await t.db.query(`SELECT count(*)::int AS n FROM evaluations`))[0].n as number;
    const before = await count();
    const call = () => (body ? t.http[method](url).send(body) : t.http[method](url));
    const none = await call();
    expect([none.status, none.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    const malformed = await call().set('authorization', 'Bearer not.a.real.token');
    expect([malformed.status, malformed.body.code]).toEqual([401, 'TOKEN_INVALID']);
    await unchanged(entry);
    expect(await count()).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Spot checks, written out by hand (exact status, code and refusal; nothing changed, checked through the API).
// ---------------------------------------------------------------------------------------------------------------

describe('spot checks', () => {
  const SPOT: { label: string; username: Username; action: string; status: number; code: string; refusal?: string }[] = [
    // Only the section head approves; the officer of the same bureau may not.
    { label: 'key/changsha @ final_review', username: 'finance.officer', action: 'approve_final_report', status: 403, code: 'FORBIDDEN', refusal: 'wrong_role' },
    // The lead submits the draft; a team member may not.
    { label: 'key/changsha @ fieldwork', username: 'evaluator', action: 'submit_draft', status: 403, code: 'FORBIDDEN', refusal: 'wrong_role' },
    // The head's approval is the submission; staff only fill the form.
    { label: 'key/changsha @ self_evaluation', username: 'dept.staff', action: 'submit_self_evaluation', status: 403, code: 'FORBIDDEN', refusal: 'wrong_role' },
    { label: 'self/changsha @ self_evaluation', username: 'dept.staff', action: 'submit_self_evaluation', status: 403, code: 'FORBIDDEN', refusal: 'wrong_role' },
    // Outside the Liuyang officer's jurisdiction: the evaluation does not exist for them.
    { label: 'key/changsha @ commissioned', username: 'liuyang.officer', action: 'start_self_evaluation', status: 404, code: 'NOT_FOUND' },
    { label: 'self/changsha @ review', username: 'liuyang.officer', action: 'rate', status: 404, code: 'NOT_FOUND' },
    // A draft is the bureau's business: the department and the team do not see it.
    { label: 'key/changsha @ draft', username: 'dept.staff', action: 'commission', status: 404, code: 'NOT_FOUND' },
    { label: 'key/changsha @ draft', username: 'eval.lead', action: 'commission', status: 404, code: 'NOT_FOUND' },
    // The Changsha bureau oversees Liuyang's evaluations but did not commission them.
    { label: 'key/liuyang @ self_evaluation_review', username: 'finance.officer', action: 'accept_self_evaluation', status: 403, code: 'FORBIDDEN', refusal: 'not_assigned' },
    { label: 'self/liuyang @ review', username: 'finance.admin', action: 'return_self_evaluation', status: 403, code: 'FORBIDDEN', refusal: 'not_assigned' },
    // Another department of the same city, and a team member not assigned to this evaluation.
    { label: 'key/changsha @ self_evaluation', username: 'furong.staff', action: 'submit_self_evaluation', status: 404, code: 'NOT_FOUND' },
    { label: 'key/liuyang @ self_evaluation', username: 'dept.head', action: 'submit_self_evaluation', status: 404, code: 'NOT_FOUND' },
    { label: 'key/liuyang @ fieldwork', username: 'evaluator', action: 'submit_draft', status: 404, code: 'NOT_FOUND' },
    // The auditor reads, never acts.
    { label: 'key/changsha @ draft_review', username: 'auditor', action: 'issue_draft_for_comment', status: 403, code: 'FORBIDDEN', refusal: 'wrong_role' },
    // The right person, blocked by a guard (no report number yet), and an action of another state.
    { label: 'key/changsha @ final_review', username: 'finance.admin', action: 'approve_final_report', status: 422, code: 'GUARD_FAILED' },
    { label: 'key/changsha @ fieldwork', username: 'finance.admin', action: 'approve_final_report', status: 409, code: 'CONFLICT', refusal: 'not_available_in_state' },
  ];

  it.each(SPOT)('$label: $username fires $action → $status $code', async ({ label, username, action, status, code, refusal }) => {
    const entry = fixture(label);
    const before = await viaApi(entry.id);
    const transition = LIFECYCLE[entry.spec.kind].transitions.find((tr) => tr.action === action);
    if (!transition) throw new Error(`no action ${action}`);
    const response = await fire(t, username, entry.id, action, inputFor(transition));
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    if (refusal) expect(response.body.details.refusal).toBe(refusal);
    if (code === 'GUARD_FAILED') expect(response.body.details.failedGuards.map((g: { id: string }) => g.id)).toEqual(['report_number_assigned']);
    expect(await viaApi(entry.id)).toEqual(before);
    expect(before).toEqual(entry.apiBaseline);
  });

  const rowCounts = async (id: string) =>
    (
      await t.db.query(
        `SELECT (SELECT count(*)::int FROM findings WHERE evaluation_id = $1) AS findings,
           (SELECT count(*)::int FROM evaluation_indicator_entries WHERE evaluation_id = $1) AS entries,
           (SELECT count(*)::int FROM self_evaluation_reports WHERE evaluation_id = $1) AS reports,
           (SELECT count(*)::int FROM workflow_history WHERE evaluation_id = $1) AS history,
           (SELECT version FROM evaluations WHERE id = $1) AS version,
           (SELECT report_number FROM evaluations WHERE id = $1) AS "reportNumber",
           (SELECT review_opinion FROM evaluations WHERE id = $1) AS "reviewOpinion"`,
        [id],
      )
    )[0];

  const WORK_SPOT: { label: string; username: Username; route: string; status: number; code: string }[] = [
    // The self-evaluation form: the department's, in self_evaluation only.
    { label: 'key/changsha @ self_evaluation', username: 'liuyang.staff', route: 'PUT /api/evaluations/:id/self-evaluation', status: 404, code: 'NOT_FOUND' },
    { label: 'key/changsha @ self_evaluation', username: 'finance.officer', route: 'PUT /api/evaluations/:id/self-evaluation', status: 403, code: 'FORBIDDEN' },
    { label: 'key/changsha @ self_evaluation', username: 'evaluator', route: 'PUT /api/evaluations/:id/self-evaluation', status: 403, code: 'FORBIDDEN' },
    { label: 'key/changsha @ self_evaluation_review', username: 'dept.staff', route: 'PUT /api/evaluations/:id/self-evaluation', status: 409, code: 'CONFLICT' },
    // Scores and findings: the assigned team's, in fieldwork and adjudication.
    { label: 'key/changsha @ fieldwork', username: 'dept.head', route: 'PUT /api/evaluations/:id/scores', status: 403, code: 'FORBIDDEN' },
    { label: 'key/liuyang @ fieldwork', username: 'evaluator', route: 'PUT /api/evaluations/:id/scores', status: 404, code: 'NOT_FOUND' },
    { label: 'key/changsha @ draft_review', username: 'evaluator', route: 'PUT /api/evaluations/:id/scores', status: 409, code: 'CONFLICT' },
    { label: 'key/changsha @ fieldwork', username: 'dept.staff', route: 'POST /api/evaluations/:id/findings', status: 403, code: 'FORBIDDEN' },
    { label: 'key/changsha @ fieldwork', username: 'liuyang.officer', route: 'POST /api/evaluations/:id/findings', status: 404, code: 'NOT_FOUND' },
    { label: 'key/changsha @ draft_review', username: 'eval.lead', route: 'POST /api/evaluations/:id/findings', status: 409, code: 'CONFLICT' },
    // Answers are the department's, adjudication the team's.
    { label: 'key/changsha @ draft_for_comment', username: 'eval.lead', route: 'PUT /api/evaluations/:id/findings/:fid/answer', status: 403, code: 'FORBIDDEN' },
    { label: 'key/changsha @ draft_for_comment', username: 'liuyang.head', route: 'PUT /api/evaluations/:id/findings/:fid/answer', status: 404, code: 'NOT_FOUND' },
    { label: 'key/changsha @ adjudication', username: 'dept.head', route: 'PUT /api/evaluations/:id/findings/:fid/answer', status: 409, code: 'CONFLICT' },
    { label: 'key/changsha @ adjudication', username: 'dept.head', route: 'PUT /api/evaluations/:id/findings/:fid/adjudication', status: 403, code: 'FORBIDDEN' },
    // The report number: the lead or the commissioning bureau, never a member or the auditor.
    { label: 'key/changsha @ final_review', username: 'evaluator', route: 'PUT /api/evaluations/:id/report-number', status: 403, code: 'FORBIDDEN' },
    { label: 'key/changsha @ final_review', username: 'auditor', route: 'PUT /api/evaluations/:id/report-number', status: 403, code: 'FORBIDDEN' },
    { label: 'key/changsha @ final_review', username: 'liuyang.officer', route: 'PUT /api/evaluations/:id/report-number', status: 404, code: 'NOT_FOUND' },
    { label: 'key/changsha @ published', username: 'eval.lead', route: 'PUT /api/evaluations/:id/report-number', status: 409, code: 'CONFLICT' },
    // The review opinion: the commissioning bureau's, in review.
    { label: 'self/liuyang @ review', username: 'finance.officer', route: 'PUT /api/evaluations/:id/review-opinion', status: 403, code: 'FORBIDDEN' },
    { label: 'self/liuyang @ review', username: 'dept.staff', route: 'PUT /api/evaluations/:id/review-opinion', status: 404, code: 'NOT_FOUND' },
    { label: 'self/changsha @ submitted', username: 'finance.officer', route: 'PUT /api/evaluations/:id/review-opinion', status: 409, code: 'CONFLICT' },
    // The terms: the commissioning bureau's, while a draft.
    { label: 'key/liuyang @ draft', username: 'finance.officer', route: 'PATCH /api/evaluations/:id', status: 403, code: 'FORBIDDEN' },
    { label: 'key/changsha @ draft', username: 'liuyang.officer', route: 'PATCH /api/evaluations/:id', status: 404, code: 'NOT_FOUND' },
    { label: 'key/changsha @ draft', username: 'dept.head', route: 'PATCH /api/evaluations/:id', status: 403, code: 'FORBIDDEN' },
    { label: 'key/changsha @ commissioned', username: 'finance.officer', route: 'PATCH /api/evaluations/:id', status: 409, code: 'CONFLICT' },
  ];

  it.each(WORK_SPOT)('$route on $label as $username → $status $code, no row written', async ({ label, username, route: name, status, code }) => {
    const entry = fixture(label);
    const route = WORK_ROUTES.find((r) => r.name === name);
    if (!route) throw new Error(`no route ${name}`);
    const before = await rowCounts(entry.id);
    const response = await api(t, username, route.method, await route.path(entry), await route.body(entry));
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(await rowCounts(entry.id)).toEqual(before);
    await unchanged(entry);
  });

  it('admin (system_admin) reads every evaluation but gets 403 on every action of every state', async () => {
    const got: string[] = [];
    for (const entry of built.values()) {
      for (const transition of LIFECYCLE[entry.spec.kind].transitions.filter((tr) => tr.from.includes(entry.spec.state))) {
        const response = await fire(t, 'admin', entry.id, transition.action, inputFor(transition));
        // A timer's action is the system's: refused to the admin as to every person (system_only).
        const expectedRefusal = transition.system ? 'system_only' : 'wrong_role';
        got.push(`${entry.spec.label} ${transition.action}: ${response.status} ${response.body.details?.refusal === expectedRefusal ? 'refused as expected' : response.body.details?.refusal}`);
      }
      expect(await viaApi(entry.id)).toEqual(entry.apiBaseline);
    }
    expect(got.length).toBeGreaterThan(50);
    expect(got.filter((line) => !line.endsWith(': 403 refused as expected'))).toEqual([]);
  });

  it('the matrix covers every (state, action) pair of both definitions, for every demo user', () => {
    const defined = (['key', 'self'] as const).flatMap((kind) =>
      LIFECYCLE[kind].transitions.flatMap((tr) => tr.from.filter((state) => !LIFECYCLE[kind].terminal.includes(state)).map((state) => `${kind} ${state} ${tr.action}`)),
    );
    const covered = new Set(FIXTURES.flatMap((spec) => LIFECYCLE[spec.kind].transitions.filter((tr) => tr.from.includes(spec.state)).map((tr) => `${spec.kind} ${spec.state} ${tr.action}`)));
    expect(defined.filter((pair) => !covered.has(pair))).toEqual([]);
    expect({ fixtures: FIXTURES.length, users: USERNAMES.length, transitionCells, workCells }).toEqual({ fixtures: 32, users: 12, transitionCells: 876, workCells: 3456 });
  });
});
