import { ERROR_CODES, ROLES, type Role } from '@evalflow/domain';
import type { AnyWorkflowDefinition } from './definition.types';
import { DOCUMENT_REQUEST } from './document-request.definition';
import { EVALUATION_KEY, type EvaluationKeyFacts } from './evaluation-key.definition';
import { EVALUATION_SELF } from './evaluation-self.definition';
import { RECTIFICATION_ITEM } from './rectification-item.definition';
import {
  applyTransition,
  availableActions,
  checkPermits,
  describeRefusal,
  REFUSAL_ERROR_CODES,
  REFUSAL_KINDS,
  SYSTEM_ACTOR,
  type Refusal,
  type WorkflowActor,
} from './transition';
import { RELATIONS, type Relation } from './vocabulary';
import { ALL_WORKFLOWS } from './workflows';

function actor(roles: Role[], relations: Relation[]): WorkflowActor {
  return { id: 'user-1', roles, relations };
}
const officer = actor(['finance_officer'], ['commissioning_bureau', 'jurisdiction']);
const admin = actor(['finance_admin'], ['commissioning_bureau', 'jurisdiction']);
const lead = actor(['evaluation_lead'], ['assigned_lead', 'assigned_member']);
const evaluator = actor(['evaluator'], ['assigned_member']);
const head = actor(['department_head'], ['evaluated_department']);
const staff = actor(['department_staff'], ['evaluated_department']);
const owner = actor(['department_staff'], ['evaluated_department', 'item_owner']);
const auditor = actor(['auditor'], ['jurisdiction']);
const everything = actor([...ROLES], [...RELATIONS]);
const sysadmin = actor(['system_admin'], [...RELATIONS]);

const reviewed = { facts: { reviewOpinionWritten: true } };

function refusalOf(result: ReturnType<typeof applyTransition>): Refusal | undefined {
  return result.ok ? undefined : result.refusal;
}

describe('applyTransition refusals', () => {
  it('refuses an action the definition does not know', () => {
    expect(refusalOf(applyTransition(EVALUATION_SELF, 'review', 'approve', everything, reviewed))).toEqual({
      kind: 'unknown_action',
      action: 'approve',
    });
  });

  it('refuses a known action outside its source states, and an unknown state, naming both', () => {
    expect(refusalOf(applyTransition(EVALUATION_SELF, 'submitted', 'rate', officer, { ...reviewed, parameters: { rating: 'good' } }))).toEqual({
      kind: 'not_available_in_state',
      state: 'submitted',
      action: 'rate',
    });
    expect(refusalOf(applyTransition(EVALUATION_SELF, 'archived', 'rate', officer, reviewed))).toEqual({
      kind: 'not_available_in_state',
      state: 'archived',
      action: 'rate',
    });
  });

  it('refuses a wrong role with every role that could fire it, in the canonical order', () => {
    expect(refusalOf(applyTransition(EVALUATION_KEY, 'draft_review', 'return_draft', evaluator, { facts: {}, comment: 'x' }))).toEqual({
      kind: 'wrong_role',
      requiredRoles: ['finance_admin', 'finance_officer', 'evaluation_lead'],
    });
  });

  it('refuses the right role without the relation as not_assigned, naming the relations that role needs', () => {
    const outsider = actor(['finance_officer'], ['jurisdiction']);
    expect(refusalOf(applyTransition(EVALUATION_SELF, 'review', 'rate', outsider, { ...reviewed, parameters: { rating: 'good' } }))).toEqual({
      kind: 'not_assigned',
      requiredRelations: ['commissioning_bureau'],
    });
    // A lead of another evaluation: only the lead's own permit counts, not the bureau's.
    const otherLead = actor(['evaluation_lead'], ['assigned_member']);
    expect(refusalOf(applyTransition(EVALUATION_KEY, 'draft_review', 'return_draft', otherLead, { facts: {}, comment: 'x' }))).toEqual({
      kind: 'not_assigned',
      requiredRelations: ['assigned_lead'],
    });
    // Staff who do not own the item: the owner permit is what their role could use.
    expect(refusalOf(applyTransition(RECTIFICATION_ITEM, 'in_progress', 'report_progress', staff, { facts: {}, comment: '进展' }))).toEqual({
      kind: 'not_assigned',
      requiredRelations: ['item_owner'],
    });
  });

  it.each([undefined, null, '', '   ', '\n\t'])('refuses a missing or blank comment (%j) where a reason is required', (comment) => {
    expect(refusalOf(applyTransition(EVALUATION_KEY, 'fieldwork', 'cancel', officer, { facts: {}, comment }))).toEqual({ kind: 'comment_required' });
  });

  it('keeps the trimmed comment on success', () => {
    const result = applyTransition(EVALUATION_KEY, 'fieldwork', 'cancel', officer, { facts: {}, comment: '  项目已取消  ' });
    expect(result).toMatchObject({ ok: true, next: 'cancelled', comment: '项目已取消' });
  });

  it.each([
    ['missing', undefined],
    ['empty', {}],
    ['an unknown code', { rating: 'A' }],
    ['the wrong case', { rating: 'Good' }],
    ['the Chinese label instead of the code', { rating: '良' }],
    ['a number', { rating: 1 }],
  ])('refuses a rating that is %s', (_what, parameters) => {
    expect(refusalOf(applyTransition(EVALUATION_SELF, 'review', 'rate', officer, { ...reviewed, parameters }))).toEqual({
      kind: 'invalid_parameter',
      name: 'rating',
      allowed: ['excellent', 'good', 'fair', 'poor'],
    });
  });

  it.each(['excellent', 'good', 'fair', 'poor'])('accepts the rating %s and returns only declared parameters', (rating) => {
    const result = applyTransition(EVALUATION_SELF, 'review', 'rate', officer, { ...reviewed, parameters: { rating, extra: 'dropped' } });
    expect(result).toMatchObject({ ok: true, from: 'review', next: 'rectification', parameters: { rating } });
    expect(result.ok && result.parameters).toEqual({ rating });
  });

  it('checks in order: state, role, relation, comment, parameters, guards', () => {
    // Each step below breaks everything after it too; the first broken check must be the one reported.
    expect(refusalOf(applyTransition(EVALUATION_SELF, 'draft', 'rate', staff, { facts: {} }))?.kind).toBe('not_available_in_state');
    expect(refusalOf(applyTransition(EVALUATION_SELF, 'review', 'rate', staff, { facts: {} }))?.kind).toBe('wrong_role');
    expect(refusalOf(applyTransition(EVALUATION_SELF, 'review', 'rate', actor(['finance_officer'], []), { facts: {} }))?.kind).toBe('not_assigned');
    expect(refusalOf(applyTransition(EVALUATION_SELF, 'review', 'return_self_evaluation', officer, { facts: {} }))?.kind).toBe('comment_required');
    expect(refusalOf(applyTransition(EVALUATION_SELF, 'review', 'rate', officer, { facts: {} }))?.kind).toBe('invalid_parameter');
    expect(refusalOf(applyTransition(EVALUATION_SELF, 'review', 'rate', officer, { facts: {}, parameters: { rating: 'good' } }))?.kind).toBe('guard_failed');
  });
});

describe('guards', () => {
  const scoringFacts: Partial<EvaluationKeyFacts> = {
    allIndicatorsScored: false,
    deductionsHaveReasons: false,
    findingsComplete: true,
    openDocumentRequests: 0,
  };

  it('lists every failing guard with both messages, not only the first', () => {
    expect(refusalOf(applyTransition(EVALUATION_KEY, 'fieldwork', 'submit_draft', lead, { facts: scoringFacts }))).toEqual({
      kind: 'guard_failed',
      failed: [
        { id: 'all_indicators_scored', zh: '所有三级指标均已评分', en: 'every indicator scored' },
        { id: 'deductions_have_reasons', zh: '所有扣分均已说明理由', en: 'every deduction has a reason' },
      ],
    });
  });

  it('passes when every guard holds', () => {
    const result = applyTransition(EVALUATION_KEY, 'fieldwork', 'submit_draft', lead, {
      facts: { ...scoringFacts, allIndicatorsScored: true, deductionsHaveReasons: true },
    });
    expect(result).toMatchObject({ ok: true, next: 'draft_review' });
  });

  it('treats the comment period as over when the deadline passed even with findings unanswered (silence is no objection)', () => {
    const start = (facts: Partial<EvaluationKeyFacts>) => applyTransition(EVALUATION_KEY, 'draft_for_comment', 'start_adjudication', lead, { facts });
    expect(start({ commentDeadlinePassed: true, unansweredFindings: 3 }).ok).toBe(true);
    expect(start({ commentDeadlinePassed: false, unansweredFindings: 0 }).ok).toBe(true);
    expect(refusalOf(start({ commentDeadlinePassed: false, unansweredFindings: 2 }))).toEqual({
      kind: 'guard_failed',
      failed: [
        {
          id: 'comment_period_over_or_all_findings_answered',
          zh: '征求意见期限已过，或所有问题均已反馈意见',
          en: 'comment period over, or every finding answered',
        },
      ],
    });
  });

  // A closed evaluation closed on "every item closed or carried over": none of its items may open again.
  it.each<[string, unknown, string]>([
    ['open evaluation', true, 'in_progress'],
    ['closed or cancelled evaluation', false, 'guard_failed'],
    ['fact not computed', undefined, 'guard_failed'],
    ['fact as a string', 'true', 'guard_failed'],
  ])('reopening a verified item: %s → %s', (_case, evaluationOpen, expected) => {
    // Facts arrive as JSON-ish values: a wrong type must block too, hence the cast.
    const result = applyTransition(RECTIFICATION_ITEM, 'verified', 'reopen', auditor, { facts: { evaluationOpen: evaluationOpen as boolean }, comment: '复查发现问题重现' });
    expect(result.ok ? result.next : result.refusal.kind).toBe(expected);
  });

  it('tells the auditor in plain words why a closed evaluation’s item stays closed', () => {
    const result = applyTransition(RECTIFICATION_ITEM, 'verified', 'reopen', auditor, { facts: { evaluationOpen: false }, comment: '复查' });
    expect(describeRefusal(RECTIFICATION_ITEM, refusalOf(result)!).zh).toContain('评价已办结，不能重新打开整改事项');
  });

  describe.each(ALL_WORKFLOWS.map((d) => [d.id, d] as const))('with no facts at all, %s', (_id, definition) => {
    const guarded = definition.transitions.filter((t) => (t.guards ?? []).length > 0);
    it.each(guarded.map((t) => [`${t.action} from ${t.from[0]}`, t] as const))('refuses %s listing every guard in order', (_name, t) => {
      const permit = t.permits[0];
      const who = t.system ? SYSTEM_ACTOR : actor([permit.roles[0]], [permit.relation]);
      const result = applyTransition(definition, t.from[0], t.action, who, { facts: {}, comment: '理由', parameters: { rating: 'fair' } });
      const expected = (t.guards ?? []).map((id) => {
        const guard = definition.guards.find((g) => g.id === id);
        return { id, zh: guard?.zh, en: guard?.en };
      });
      expect(refusalOf(result)).toEqual({ kind: 'guard_failed', failed: expected });
      for (const failed of expected) {
        expect(failed.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(failed.en).toMatch(/[a-z]/);
      }
    });
  });
});

describe('a successful transition', () => {
  it('returns the next state, the source state, the transition and its effects as data', () => {
    const result = applyTransition(EVALUATION_KEY, 'final_review', 'approve_final_report', admin, {
      facts: { reportNumberAssigned: true, allIndicatorsScored: true },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.from).toBe('final_review');
    expect(result.next).toBe('published');
    expect(result.transition.action).toBe('approve_final_report');
    expect(result.effects).toBe(result.transition.effects);
    expect(result.effects).toContainEqual({ type: 'snapshot' });
    expect(result.effects).toContainEqual({ type: 'cancel_deadline', deadline: 'final_review' });
  });

  it('is pure: same answer twice, no mutation of definition or context', () => {
    const deepFreeze = <T>(value: T): T => {
      if (value && typeof value === 'object' && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const v of Object.values(value)) deepFreeze(v);
      }
      return value;
    };
    const definition = deepFreeze(structuredClone({ ...EVALUATION_SELF, guards: [] }));
    const frozenDefinition: AnyWorkflowDefinition = { ...definition, guards: EVALUATION_SELF.guards };
    const context = deepFreeze({ facts: { reviewOpinionWritten: true }, parameters: { rating: 'poor' }, comment: ' 意见 ' });
    const first = applyTransition(frozenDefinition, 'review', 'rate', officer, context);
    const second = applyTransition(frozenDefinition, 'review', 'rate', officer, context);
    expect(first).toEqual(second);
    expect(first.ok).toBe(true);
  });
});

describe('system_admin', () => {
  it.each(ALL_WORKFLOWS.map((d) => [d.id, d] as const))('has no workflow power in %s, whatever its relations', (_id, definition) => {
    for (const state of definition.states) {
      for (const entry of availableActions(definition, state.id, sysadmin, { facts: {} })) {
        expect(entry.allowed).toBe(false);
        expect(entry.refusal?.kind).toBe('wrong_role');
        const result = applyTransition(definition, state.id, entry.action, sysadmin, { facts: {}, comment: 'x', parameters: { rating: 'good' } });
        expect(refusalOf(result)?.kind).toBe('wrong_role');
      }
    }
  });

  it('adds nothing to the roles it is held with', () => {
    const both = actor(['system_admin', 'department_staff'], ['commissioning_bureau']);
    expect(refusalOf(applyTransition(EVALUATION_KEY, 'draft', 'cancel', both, { facts: {}, comment: 'x' }))).toEqual({
      kind: 'wrong_role',
      requiredRoles: ['finance_admin', 'finance_officer'],
    });
  });

  it('is ignored even if a permit named it', () => {
    expect(checkPermits([{ roles: ['system_admin'], relation: 'jurisdiction' }], sysadmin)).toEqual({ kind: 'wrong_role', requiredRoles: ['system_admin'] });
  });
});

describe('availableActions', () => {
  it('lists the actions leaving the state in definition order, with who may and which guards block', () => {
    const entries = availableActions(EVALUATION_KEY, 'fieldwork', lead, { facts: {} });
    expect(entries.map((e) => [e.action, e.to, e.allowed, e.refusal?.kind, e.blockedBy.map((g) => g.id)])).toEqual([
      ['submit_draft', 'draft_review', false, 'guard_failed', ['all_indicators_scored', 'deductions_have_reasons', 'findings_complete', 'document_requests_settled']],
      ['cancel', 'cancelled', false, 'wrong_role', []],
    ]);
    expect(entries[1]).toMatchObject({ requiresComment: true, label: { zh: '撤销评价', en: 'Cancel evaluation' } });
  });

  it('allows an action once its guards hold', () => {
    const entries = availableActions(EVALUATION_KEY, 'fieldwork', lead, {
      facts: { allIndicatorsScored: true, deductionsHaveReasons: true, findingsComplete: true, openDocumentRequests: 0 },
    });
    expect(entries[0]).toMatchObject({ action: 'submit_draft', allowed: true, blockedBy: [] });
    expect(entries[0].refusal).toBeUndefined();
  });

  it('still reports the blocking guards to someone who may not fire the action', () => {
    const [rate] = availableActions(EVALUATION_SELF, 'review', head, { facts: {} }).filter((e) => e.action === 'rate');
    expect(rate.refusal).toEqual({ kind: 'wrong_role', requiredRoles: ['finance_admin', 'finance_officer'] });
    expect(rate.blockedBy.map((g) => g.id)).toEqual(['review_opinion_written']);
    expect(Object.keys(rate.parameters)).toEqual(['rating']);
  });

  it('gives nothing for a terminal or unknown state', () => {
    expect(availableActions(EVALUATION_KEY, 'closed', everything, { facts: {} })).toEqual([]);
    expect(availableActions(EVALUATION_KEY, 'nowhere', everything, { facts: {} })).toEqual([]);
  });

  it.each(ALL_WORKFLOWS.map((d) => [d.id, d] as const))('agrees with applyTransition everywhere in %s', (_id, definition) => {
    const people = [officer, admin, lead, evaluator, head, staff, owner, auditor, everything, sysadmin];
    for (const state of definition.states) {
      for (const person of people) {
        for (const entry of availableActions(definition, state.id, person, { facts: {} })) {
          const result = applyTransition(definition, state.id, entry.action, person, { facts: {}, comment: '理由', parameters: { rating: 'good' } });
          expect([entry.action, result.ok]).toEqual([entry.action, entry.allowed]);
          if (!result.ok) expect(result.refusal).toEqual(entry.refusal);
        }
      }
    }
  });
});

describe('happy paths, step by step (state, action, who → next)', () => {
  type Step = [state: string, action: string, who: WorkflowActor, next: string, extra?: { comment?: string; parameters?: Record<string, string> }];
  const run = (definition: AnyWorkflowDefinition, facts: Record<string, unknown>, steps: Step[]) => {
    for (const [state, action, who, next, extra] of steps) {
      const result = applyTransition(definition, state, action, who, { facts, ...extra });
      expect([state, action, result.ok ? result.next : refusalOf(result)]).toEqual([state, action, next]);
    }
  };
  const allKeyFacts: EvaluationKeyFacts = {
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
    unansweredFindings: 2,
    unadjudicatedAnswers: 0,
    scoreChangesHaveReasons: true,
    reportNumberAssigned: true,
    reportNumberSeries: false,
    findingCount: 5,
    openRectificationItems: 0,
  };

  it('key evaluation, with a return at every review', () => {
    run(EVALUATION_KEY, allKeyFacts, [
      ['draft', 'commission', officer, 'commissioned'],
      ['commissioned', 'start_self_evaluation', staff, 'self_evaluation'],
      ['self_evaluation', 'submit_self_evaluation', head, 'self_evaluation_review'],
      ['self_evaluation_review', 'return_self_evaluation', officer, 'self_evaluation', { comment: '偏差原因不充分' }],
      ['self_evaluation', 'submit_self_evaluation', head, 'self_evaluation_review'],
      ['self_evaluation_review', 'accept_self_evaluation', admin, 'fieldwork'],
      ['fieldwork', 'submit_draft', lead, 'draft_review'],
      ['draft_review', 'return_draft', lead, 'fieldwork', { comment: '补充问卷' }],
      ['fieldwork', 'submit_draft', lead, 'draft_review'],
      ['draft_review', 'issue_draft_for_comment', officer, 'draft_for_comment'],
      ['draft_for_comment', 'start_adjudication', lead, 'adjudication'],
      ['adjudication', 'submit_final_report', lead, 'final_review'],
      ['final_review', 'return_final_report', officer, 'adjudication', { comment: '文号有误' }],
      ['adjudication', 'submit_final_report', lead, 'final_review'],
      ['final_review', 'approve_final_report', admin, 'published'],
      ['published', 'start_rectification', officer, 'rectification'],
      ['rectification', 'close', officer, 'closed'],
    ]);
  });

  it('key evaluation: the people who may not, at the key steps', () => {
    const refusedKind = (state: string, action: string, who: WorkflowActor) =>
      refusalOf(applyTransition(EVALUATION_KEY, state, action, who, { facts: allKeyFacts, comment: 'x' }))?.kind;
    expect(refusedKind('self_evaluation', 'submit_self_evaluation', staff)).toBe('wrong_role');
    expect(refusedKind('fieldwork', 'submit_draft', evaluator)).toBe('wrong_role');
    expect(refusedKind('final_review', 'approve_final_report', officer)).toBe('wrong_role');
    expect(refusedKind('final_review', 'approve_final_report', actor(['finance_admin'], ['jurisdiction']))).toBe('not_assigned');
    expect(refusedKind('published', 'cancel', admin)).toBe('not_available_in_state');
    expect(refusedKind('published', 'close', officer)).toBe('guard_failed');
    expect(refusedKind('draft', 'cancel', auditor)).toBe('wrong_role');
  });

  it('key evaluation without findings closes straight after publication', () => {
    run(EVALUATION_KEY, { ...allKeyFacts, findingCount: 0 }, [['published', 'close', admin, 'closed']]);
  });

  it('self-evaluation', () => {
    const facts = {
      frameworkSelected: true,
      deadlinesSet: true,
      selfScoresComplete: true,
      deviationReasonsGiven: true,
      budgetDataEntered: true,
      narrativeComplete: true,
      reviewOpinionWritten: true,
      openRectificationItems: 0,
    };
    run(EVALUATION_SELF, facts, [
      ['draft', 'commission', admin, 'commissioned'],
      ['commissioned', 'start_self_evaluation', head, 'self_evaluation'],
      ['self_evaluation', 'submit_self_evaluation', head, 'submitted'],
      ['submitted', 'return_self_evaluation', officer, 'self_evaluation', { comment: '缺预算数据' }],
      ['self_evaluation', 'submit_self_evaluation', head, 'submitted'],
      ['submitted', 'start_review', officer, 'review'],
      ['review', 'rate', officer, 'rectification', { parameters: { rating: 'good' } }],
      ['rectification', 'close', officer, 'closed'],
    ]);
  });

  it('rectification item, returned once, reopened by an auditor', () => {
    const facts = { measuresEntered: true, ownerAssigned: true, dueDateSet: true, evidenceAttached: true, evaluationOpen: true };
    run(RECTIFICATION_ITEM, facts, [
      ['open', 'submit_plan', staff, 'plan_submitted'],
      ['plan_submitted', 'report_progress', owner, 'in_progress', { comment: '已修订制度' }],
      ['in_progress', 'report_progress', owner, 'in_progress', { comment: '已印发' }],
      ['in_progress', 'submit_for_verification', owner, 'submitted_for_verification'],
      ['submitted_for_verification', 'return', auditor, 'returned', { comment: '佐证不足' }],
      ['returned', 'report_progress', head, 'in_progress', { comment: '补充佐证' }],
      ['in_progress', 'submit_for_verification', head, 'submitted_for_verification'],
      ['submitted_for_verification', 'verify', officer, 'verified'],
      ['verified', 'reopen', auditor, 'in_progress', { comment: '复查发现问题重现' }],
      ['in_progress', 'carry_over', auditor, 'carried_over', { comment: '纳入下年度评价' }],
    ]);
    expect(refusalOf(applyTransition(RECTIFICATION_ITEM, 'verified', 'reopen', officer, { facts, comment: 'x' }))?.kind).toBe('wrong_role');
  });

  it('rectification item, partly rectified, worked on, then carried over', () => {
    const facts = { measuresEntered: true, ownerAssigned: true, dueDateSet: true, evidenceAttached: true, evaluationOpen: true };
    run(RECTIFICATION_ITEM, facts, [
      ['open', 'submit_plan', staff, 'plan_submitted'],
      ['plan_submitted', 'report_progress', owner, 'in_progress', { comment: '已修订预算调整制度' }],
      ['in_progress', 'submit_for_verification', owner, 'submitted_for_verification'],
      ['submitted_for_verification', 'verify_partly', auditor, 'partly_rectified', { comment: '制度已修订，尚未执行' }],
      ['partly_rectified', 'report_progress', owner, 'in_progress', { comment: '已按新制度执行两个月' }],
      ['in_progress', 'submit_for_verification', owner, 'submitted_for_verification'],
      ['submitted_for_verification', 'verify_partly', officer, 'partly_rectified', { comment: '仍有一项调整未经批复' }],
      ['partly_rectified', 'carry_over', auditor, 'carried_over', { comment: '纳入下年度评价跟踪' }],
    ]);
    expect(refusalOf(applyTransition(RECTIFICATION_ITEM, 'submitted_for_verification', 'verify_partly', auditor, { facts }))?.kind).toBe('comment_required');
    expect(refusalOf(applyTransition(RECTIFICATION_ITEM, 'submitted_for_verification', 'verify_partly', owner, { facts, comment: 'x' }))?.kind).toBe('wrong_role');
  });

  it('document request: not provided with a reason, returned, then provided and accepted', () => {
    run(DOCUMENT_REQUEST, { materialsRecorded: true }, [
      ['requested', 'decline', owner, 'not_provided', { comment: '由于正在接受巡查，未提供凭证' }],
      ['not_provided', 'return', evaluator, 'returned', { comment: '请提供复印件' }],
      ['returned', 'provide', owner, 'provided'],
      ['provided', 'accept', lead, 'accepted'],
    ]);
    expect(refusalOf(applyTransition(DOCUMENT_REQUEST, 'requested', 'decline', owner, { facts: {} }))?.kind).toBe('comment_required');
    expect(refusalOf(applyTransition(DOCUMENT_REQUEST, 'requested', 'provide', owner, { facts: {} }))?.kind).toBe('guard_failed');
    // The head answers any item (alone, one without an owner); staff who do not own it may not.
    expect(applyTransition(DOCUMENT_REQUEST, 'requested', 'provide', head, { facts: { materialsRecorded: true } }).ok).toBe(true);
    const notOwner = refusalOf(applyTransition(DOCUMENT_REQUEST, 'requested', 'provide', staff, { facts: { materialsRecorded: true } }));
    expect(notOwner).toEqual({ kind: 'not_assigned', requiredRelations: ['item_owner'] });
    expect(describeRefusal(DOCUMENT_REQUEST, notOwner!)).toEqual({ zh: '只有该资料的负责人或部门负责人可以办理', en: "only the item's owner or the department head may answer it" });
  });
});

describe('refusals for people and for HTTP', () => {
  it('maps every refusal kind to an existing error code', () => {
    expect(Object.keys(REFUSAL_ERROR_CODES).sort()).toEqual([...REFUSAL_KINDS].sort());
    for (const code of Object.values(REFUSAL_ERROR_CODES)) expect(ERROR_CODES[code]).toBeGreaterThanOrEqual(400);
    expect(REFUSAL_ERROR_CODES.wrong_role).toBe('FORBIDDEN');
    expect(REFUSAL_ERROR_CODES.guard_failed).toBe('GUARD_FAILED');
  });

  it.each<[Refusal, string, string]>([
    [{ kind: 'unknown_action', action: 'fly' }, '不存在的操作：fly', 'unknown action: fly'],
    [{ kind: 'not_available_in_state', state: 'closed', action: 'cancel' }, '当前状态（已办结）下不能执行“撤销评价”', '"Cancel evaluation" is not possible in state Closed'],
    [{ kind: 'wrong_role', requiredRoles: ['finance_admin', 'finance_officer'] }, '仅限：绩效科负责人、财政绩效管理人员', 'only: Finance admin, Finance officer'],
    [{ kind: 'not_assigned', requiredRelations: ['assigned_lead'] }, '须为本项评价的评价组组长', 'must be the assigned evaluation lead'],
    [{ kind: 'comment_required' }, '请填写理由或说明', 'a comment is required'],
    [{ kind: 'guard_failed', failed: [{ id: 'a', zh: '甲', en: 'a' }, { id: 'b', zh: '乙', en: 'b' }] }, '尚未满足：甲；乙', 'not yet: a; b'],
  ])('describes %j', (refusal, zh, en) => {
    expect(describeRefusal(EVALUATION_KEY, refusal)).toEqual({ zh, en });
  });

  it('describes an invalid rating with its Chinese options', () => {
    expect(describeRefusal(EVALUATION_SELF, { kind: 'invalid_parameter', name: 'rating', allowed: ['excellent', 'good', 'fair', 'poor'] })).toEqual({
      zh: '请选择审核等级：优/良/中/差',
      en: 'rating must be one of excellent, good, fair, poor',
    });
  });
});
