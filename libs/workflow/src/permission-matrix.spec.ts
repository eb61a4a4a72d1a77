/*
 * The permission matrix, written out by hand and independently of the definitions, then checked exhaustively:
 * every definition × every state × every action × every role × relation present/absent (plus multi-role actors)
 * must give exactly the outcome this table implies. A typo in a definition (a wrong role, relation, source or target
 * state, guard or comment flag) breaks this spec.
 */
import { ROLES, type Role } from '@evalflow/domain';
import type { AnyWorkflowDefinition } from './definition.types';
import type { DocumentRequestFacts } from './document-request.definition';
import { DOCUMENT_REQUEST } from './document-request.definition';
import { EVALUATION_KEY, type EvaluationKeyFacts } from './evaluation-key.definition';
import { EVALUATION_SELF, type EvaluationSelfFacts } from './evaluation-self.definition';
import { RECTIFICATION_ITEM, type RectificationItemFacts } from './rectification-item.definition';
import { WORKING_PAPER, type WorkingPaperFacts } from './working-paper.definition';
import { applyTransition, type Refusal, type WorkflowActor } from './transition';
import { RELATIONS, type Relation } from './vocabulary';

type Who = `${Role}@${Relation}`;
interface Row {
  action: string;
  from: string[];
  to: string;
  who: Who[];
  guards?: string[];
  comment?: true;
  parameters?: Record<string, string[]>;
  /** Fired by the system only (a state's timer): every person is refused, the system actor may. */
  system?: true;
}

const BUREAU: Who[] = ['finance_admin@commissioning_bureau', 'finance_officer@commissioning_bureau'];
const HEAD: Who[] = ['department_head@evaluated_department'];
const DEPT: Who[] = ['department_head@evaluated_department', 'department_staff@evaluated_department'];
const LEAD: Who[] = ['evaluation_lead@assigned_lead'];
const TEAM: Who[] = ['evaluation_lead@assigned_member', 'evaluator@assigned_member'];
const OWNER_OR_HEAD: Who[] = ['department_head@item_owner', 'department_staff@item_owner', 'department_head@evaluated_department'];
const VERIFIERS: Who[] = ['auditor@jurisdiction', ...BUREAU];
const SELF_EVAL_GUARDS = ['self_scores_complete', 'deviation_reasons_given', 'budget_data_entered', 'narrative_complete'];

const KEY_MATRIX: Row[] = [
  { action: 'commission', from: ['draft'], to: 'commissioned', who: BUREAU, guards: ['framework_selected', 'team_assigned', 'deadlines_set'] },
  { action: 'start_self_evaluation', from: ['commissioned'], to: 'self_evaluation', who: DEPT },
  { action: 'submit_self_evaluation', from: ['self_evaluation'], to: 'self_evaluation_review', who: HEAD, guards: SELF_EVAL_GUARDS },
  { action: 'return_self_evaluation', from: ['self_evaluation_review'], to: 'self_evaluation', who: BUREAU, comment: true },
  { action: 'accept_self_evaluation', from: ['self_evaluation_review'], to: 'fieldwork', who: BUREAU },
  {
    action: 'submit_draft',
    from: ['fieldwork'],
    to: 'draft_review',
    who: LEAD,
    guards: ['all_indicators_scored', 'deductions_have_reasons', 'findings_complete', 'document_requests_settled'],
  },
  { action: 'return_draft', from: ['draft_review'], to: 'fieldwork', who: [...BUREAU, ...LEAD], comment: true },
  { action: 'issue_draft_for_comment', from: ['draft_review'], to: 'draft_for_comment', who: BUREAU },
  { action: 'start_adjudication', from: ['draft_for_comment'], to: 'adjudication', who: LEAD, guards: ['comment_period_over_or_all_findings_answered'] },
  // The comment period's timer (issue 12 §4): the system's, nobody else's.
  { action: 'close_comment_period', from: ['draft_for_comment'], to: 'adjudication', who: [], guards: ['comment_deadline_passed'], system: true },
  {
    action: 'submit_final_report',
    from: ['adjudication'],
    to: 'final_review',
    who: LEAD,
    guards: ['all_answers_adjudicated', 'score_changes_have_reasons', 'all_indicators_scored', 'deductions_have_reasons'],
  },
  { action: 'return_final_report', from: ['final_review'], to: 'adjudication', who: BUREAU, comment: true },
  { action: 'approve_final_report', from: ['final_review'], to: 'published', who: ['finance_admin@commissioning_bureau'], guards: ['report_number_assigned', 'all_indicators_scored'] },
  { action: 'start_rectification', from: ['published'], to: 'rectification', who: BUREAU },
  { action: 'close', from: ['published'], to: 'closed', who: BUREAU, guards: ['no_findings'] },
  { action: 'close', from: ['rectification'], to: 'closed', who: BUREAU, guards: ['all_rectification_items_closed'] },
  {
    action: 'cancel',
    from: ['draft', 'commissioned', 'self_evaluation', 'self_evaluation_review', 'fieldwork', 'draft_review', 'draft_for_comment', 'adjudication', 'final_review'],
    to: 'cancelled',
    who: BUREAU,
    comment: true,
  },
];

const SELF_MATRIX: Row[] = [
  { action: 'commission', from: ['draft'], to: 'commissioned', who: BUREAU, guards: ['framework_selected', 'deadlines_set'] },
  { action: 'start_self_evaluation', from: ['commissioned'], to: 'self_evaluation', who: DEPT },
  { action: 'submit_self_evaluation', from: ['self_evaluation'], to: 'submitted', who: HEAD, guards: SELF_EVAL_GUARDS },
  { action: 'start_review', from: ['submitted'], to: 'review', who: BUREAU },
  { action: 'return_self_evaluation', from: ['submitted', 'review'], to: 'self_evaluation', who: BUREAU, comment: true },
  {
    action: 'rate',
    from: ['review'],
    to: 'rectification',
    who: BUREAU,
    guards: ['review_opinion_written'],
    parameters: { rating: ['excellent', 'good', 'fair', 'poor'] },
  },
  { action: 'close', from: ['rectification'], to: 'closed', who: BUREAU, guards: ['all_rectification_items_closed'] },
  { action: 'cancel', from: ['draft', 'commissioned', 'self_evaluation', 'submitted', 'review'], to: 'cancelled', who: BUREAU, comment: true },
];

const RECTIFICATION_MATRIX: Row[] = [
  { action: 'submit_plan', from: ['open'], to: 'plan_submitted', who: DEPT, guards: ['measures_entered', 'owner_assigned', 'due_date_set'] },
  { action: 'report_progress', from: ['plan_submitted', 'in_progress', 'returned', 'partly_rectified'], to: 'in_progress', who: OWNER_OR_HEAD, comment: true },
  { action: 'submit_for_verification', from: ['in_progress'], to: 'submitted_for_verification', who: OWNER_OR_HEAD, guards: ['evidence_attached'] },
  { action: 'verify', from: ['submitted_for_verification'], to: 'verified', who: VERIFIERS },
  { action: 'verify_partly', from: ['submitted_for_verification'], to: 'partly_rectified', who: VERIFIERS, comment: true },
  { action: 'return', from: ['submitted_for_verification'], to: 'returned', who: VERIFIERS, comment: true },
  { action: 'carry_over', from: ['open', 'plan_submitted', 'in_progress', 'returned', 'partly_rectified'], to: 'carried_over', who: VERIFIERS, comment: true },
  { action: 'reopen', from: ['verified'], to: 'in_progress', who: ['auditor@jurisdiction'], guards: ['evaluation_open'], comment: true },
];

const DOCUMENT_MATRIX: Row[] = [
  // The item's owner answers, or the department head (the only one for an item without an owner).
  { action: 'provide', from: ['requested', 'returned'], to: 'provided', who: OWNER_OR_HEAD, guards: ['materials_recorded'] },
  { action: 'provide_partly', from: ['requested', 'returned'], to: 'partly_provided', who: OWNER_OR_HEAD, guards: ['materials_recorded'], comment: true },
  { action: 'decline', from: ['requested', 'returned'], to: 'not_provided', who: OWNER_OR_HEAD, comment: true },
  { action: 'accept', from: ['provided', 'partly_provided', 'not_provided'], to: 'accepted', who: TEAM },
  { action: 'return', from: ['provided', 'partly_provided', 'not_provided'], to: 'returned', who: TEAM, comment: true },
];

const WORKING_PAPER_MATRIX: Row[] = [
  { action: 'submit', from: ['draft', 'returned'], to: 'submitted', who: TEAM, guards: ['evaluation_open'] },
  { action: 'sign_off', from: ['submitted'], to: 'signed_off', who: LEAD },
  { action: 'return', from: ['submitted'], to: 'returned', who: LEAD, comment: true },
];

/** Facts under which every guard passes, written out per contract (the type makes a forgotten fact a compile error). */
const PASSING_FACTS = {
  evaluation_key: {
    frameworkSelected: true,
    teamAssigned: true,
    deadlinesSet: true,
    selfScoresComplete: true,
    deviationReasonsGiven: true,
    budgetDataEntered: true,
    narrativeComplete: true,
    allIndicatorsScored: true,
    deductionsHaveReasons: true,
    findingsComplete: true,
    openDocumentRequests: 0,
    commentDeadlinePassed: true,
    unansweredFindings: 0,
    unadjudicatedAnswers: 0,
    scoreChangesHaveReasons: true,
    reportNumberAssigned: true,
    reportNumberSeries: false,
    findingCount: 0,
    openRectificationItems: 0,
  } satisfies EvaluationKeyFacts,
  evaluation_self: {
    frameworkSelected: true,
    deadlinesSet: true,
    selfScoresComplete: true,
    deviationReasonsGiven: true,
    budgetDataEntered: true,
    narrativeComplete: true,
    reviewOpinionWritten: true,
    openRectificationItems: 0,
  } satisfies EvaluationSelfFacts,
  rectification_item: { measuresEntered: true, ownerAssigned: true, dueDateSet: true, evidenceAttached: true, evaluationOpen: true } satisfies RectificationItemFacts,
  document_request: { materialsRecorded: true } satisfies DocumentRequestFacts,
  working_paper: { evaluationOpen: true } satisfies WorkingPaperFacts,
};

const CASES: [string, AnyWorkflowDefinition, Row[]][] = [
  [EVALUATION_KEY.id, EVALUATION_KEY, KEY_MATRIX],
  [EVALUATION_SELF.id, EVALUATION_SELF, SELF_MATRIX],
  [RECTIFICATION_ITEM.id, RECTIFICATION_ITEM, RECTIFICATION_MATRIX],
  [DOCUMENT_REQUEST.id, DOCUMENT_REQUEST, DOCUMENT_MATRIX],
  [WORKING_PAPER.id, WORKING_PAPER, WORKING_PAPER_MATRIX],
];

type Expected =
  | { kind: 'ok'; next: string }
  | { kind: 'unknown_action' | 'not_available_in_state' }
  | { kind: 'wrong_role'; requiredRoles: Role[] }
  | { kind: 'not_assigned'; requiredRelations: Relation[] }
  | { kind: 'system_only' };

function split(who: Who): [Role, Relation] {
  const [role, relation] = who.split('@');
  return [role as Role, relation as Relation];
}

/** The oracle: what the hand-written matrix says should happen. */
function expectedOutcome(matrix: Row[], state: string, action: string, actor: WorkflowActor): Expected {
  const rows = matrix.filter((row) => row.action === action);
  if (rows.length === 0) return { kind: 'unknown_action' };
  const row = rows.find((r) => r.from.includes(state));
  if (!row) return { kind: 'not_available_in_state' };
  if (row.system) return actor.system ? { kind: 'ok', next: row.to } : { kind: 'system_only' };
  const who = row.who.map(split);
  const roles: Role[] = actor.roles.filter((role) => role !== 'system_admin');
  if (who.some(([role, relation]) => roles.includes(role) && actor.relations.includes(relation))) return { kind: 'ok', next: row.to };
  const byRole = who.filter(([role]) => roles.includes(role));
  if (byRole.length > 0) {
    return { kind: 'not_assigned', requiredRelations: RELATIONS.filter((r) => byRole.some(([, relation]) => relation === r)) };
  }
  return { kind: 'wrong_role', requiredRoles: ROLES.filter((r) => who.some(([role]) => role === r)) };
}

function actual(result: ReturnType<typeof applyTransition>): Expected | Refusal {
  if (result.ok) return { kind: 'ok', next: result.next };
  const refusal = result.refusal;
  if (refusal.kind === 'unknown_action' || refusal.kind === 'not_available_in_state') return { kind: refusal.kind };
  if (refusal.kind === 'wrong_role') return { kind: 'wrong_role', requiredRoles: [...refusal.requiredRoles] };
  if (refusal.kind === 'not_assigned') return { kind: 'not_assigned', requiredRelations: [...refusal.requiredRelations] };
  return refusal;
}

/** Every actor shape the sweep tries: each role with no relation, all relations, and each single relation; and a few people holding several roles. */
function actorVariants(): WorkflowActor[] {
  const relationSets: Relation[][] = [[], [...RELATIONS], ...RELATIONS.map((r) => [r])];
  const roleSets: Role[][] = [
    ...ROLES.map((r) => [r]),
    ['finance_officer', 'auditor'],
    ['evaluation_lead', 'evaluator'],
    ['department_head', 'department_staff'],
    ['system_admin', 'finance_admin'],
    [...ROLES],
  ];
  const people = roleSets.flatMap((roles) => relationSets.map((relations) => ({ id: `u:${roles.join('+')}:${relations.join('+')}`, roles, relations })));
  // The system (a timer ran out): no roles, no relations; only system transitions are its own.
  return [...people, { id: 'system', roles: [], relations: [], system: true }];
}

const ACTORS = actorVariants();
let casesChecked = 0;

describe.each(CASES)('permission matrix of %s', (_id, definition, matrix) => {
  const facts = PASSING_FACTS[definition.id];
  const states = [...definition.states.map((s) => s.id), 'no_such_state'];
  const actions = [...definition.actions, 'no_such_action'];

  it('names exactly the transitions of the definition, with the same guards, comment rule and parameters', () => {
    const fromDefinition = definition.transitions.map((t) => ({
      action: t.action,
      from: [...t.from],
      to: t.to,
      who: ROLES.flatMap((role) => RELATIONS.map((relation) => `${role}@${relation}` as Who)).filter((w) => {
        const [role, relation] = split(w);
        return t.permits.some((p) => p.relation === relation && p.roles.includes(role));
      }),
      guards: [...(t.guards ?? [])],
      comment: t.requiresComment === true,
      parameters: Object.fromEntries(Object.entries(t.parameters ?? {}).map(([name, p]) => [name, p.options.map((o) => o.value)])),
      system: t.system === true,
    }));
    const fromMatrix = matrix.map((row) => ({
      action: row.action,
      from: row.from,
      to: row.to,
      who: ROLES.flatMap((role) => RELATIONS.map((relation) => `${role}@${relation}` as Who)).filter((w) => row.who.includes(w)),
      guards: row.guards ?? [],
      comment: row.comment === true,
      parameters: row.parameters ?? {},
      system: row.system === true,
    }));
    expect(fromDefinition).toEqual(fromMatrix);
  });

  describe.each(states)('in state %s', (state) => {
    it.each(actions)('action %s gives the outcome the matrix implies for every actor', (action) => {
      const mismatches: string[] = [];
      for (const actor of ACTORS) {
        const want = expectedOutcome(matrix, state, action, actor);
        const got = actual(
          applyTransition(definition, state, action, actor, { facts, comment: '理由 reason', parameters: { rating: 'good' } }),
        );
        casesChecked += 1;
        if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${actor.id}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
      }
      expect(mismatches).toEqual([]);
    });
  });
});

describe('the sweep', () => {
  it('covered every definition × state × action × actor', () => {
    const expected = CASES.reduce((sum, [, d]) => sum + (d.states.length + 1) * (d.actions.length + 1) * ACTORS.length, 0);
    expect(casesChecked).toBe(expected);
  });
});
