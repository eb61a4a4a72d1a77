import { EVALUATION_KEY, type EvaluationKeyFacts } from './evaluation-key.definition';
import type { AnyWorkflowDefinition, TransitionDefinition } from './definition.types';
import { applyTransition, availableActions, SYSTEM_ACTOR, type WorkflowActor } from './transition';
import { stateTimers, timedStates, timerAction } from './timers';
import { validateDefinition } from './validate';
import { ALL_WORKFLOWS } from './workflows';

/*
 * The comment period closes itself (issue 12 §4): a state's timer names the action the system fires when the
 * deadline has passed; only the system may fire it, the system may fire nothing else, and the definition checks
 * refuse a timer or a system transition that does not fit.
 */
const LEAD: WorkflowActor = { id: 'lead', roles: ['evaluation_lead'], relations: ['assigned_lead', 'assigned_member'] };
const FACTS = (passed: boolean): Partial<EvaluationKeyFacts> => ({ commentDeadlinePassed: passed, unansweredFindings: 3 });

describe('timers of the key lifecycle', () => {
  it('declares exactly one timer: the comment period of the draft for comment', () => {
    expect(timedStates(ALL_WORKFLOWS)).toEqual([{ workflow: 'evaluation_key', state: 'draft_for_comment', deadline: 'comment_period', action: 'close_comment_period' }]);
    expect(timerAction(EVALUATION_KEY, 'draft_for_comment', 'comment_period')).toBe('close_comment_period');
    expect(timerAction(EVALUATION_KEY, 'adjudication', 'comment_period')).toBeNull();
    expect(stateTimers(EVALUATION_KEY, 'no_such_state')).toEqual([]);
  });

  it.each([
    ['the system, deadline passed', SYSTEM_ACTOR, true, { ok: true }],
    ['the system, deadline not passed', SYSTEM_ACTOR, false, { ok: false, kind: 'guard_failed' }],
    ['the lead, deadline passed', LEAD, true, { ok: false, kind: 'system_only' }],
    ['a bureau officer', { id: 'o', roles: ['finance_officer'], relations: ['commissioning_bureau'] } as WorkflowActor, true, { ok: false, kind: 'system_only' }],
    ['a system administrator', { id: 'a', roles: ['system_admin'], relations: [] } as WorkflowActor, true, { ok: false, kind: 'system_only' }],
  ] as const)('close_comment_period by %s', (_who, actor, passed, want) => {
    const result = applyTransition(EVALUATION_KEY, 'draft_for_comment', 'close_comment_period', actor, { facts: FACTS(passed) });
    expect(result.ok).toBe(want.ok);
    if (result.ok) {
      expect(result.next).toBe('adjudication');
      expect(result.effects.map((e) => e.type)).toEqual(['record_no_objection', 'cancel_deadline', 'notify']);
    } else expect(result.refusal.kind).toBe((want as { kind: string }).kind);
  });

  it('the lead still closes early when every finding is answered, and never on the deadline alone with answers missing … unless passed', () => {
    expect(applyTransition(EVALUATION_KEY, 'draft_for_comment', 'start_adjudication', LEAD, { facts: { commentDeadlinePassed: false, unansweredFindings: 0 } }).ok).toBe(true);
    expect(applyTransition(EVALUATION_KEY, 'draft_for_comment', 'start_adjudication', LEAD, { facts: { commentDeadlinePassed: false, unansweredFindings: 1 } }).ok).toBe(false);
  });

  it.each(EVALUATION_KEY.transitions.filter((t) => !t.system).map((t) => [t.action, t] as const))('the system may not fire %s', (_action, t) => {
    const result = applyTransition(EVALUATION_KEY, t.from[0], t.action, SYSTEM_ACTOR, { facts: {}, comment: '理由' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.refusal.kind).toBe('wrong_role');
  });

  it('is never offered to a person, and is all the system is offered', () => {
    const forLead = availableActions(EVALUATION_KEY, 'draft_for_comment', LEAD, { facts: FACTS(true) }).map((a) => a.action);
    expect(forLead).not.toContain('close_comment_period');
    expect(forLead).toContain('start_adjudication');
    expect(availableActions(EVALUATION_KEY, 'draft_for_comment', SYSTEM_ACTOR, { facts: FACTS(true) }).map((a) => [a.action, a.allowed])).toEqual([['close_comment_period', true]]);
  });
});

describe('the definition checks on timers', () => {
  const close = EVALUATION_KEY.transitions.find((t) => t.action === 'close_comment_period') as TransitionDefinition;
  const withStates = (states: AnyWorkflowDefinition['states']): AnyWorkflowDefinition => ({ ...EVALUATION_KEY, states });
  const withTransitions = (transitions: readonly TransitionDefinition[]): AnyWorkflowDefinition => ({ ...EVALUATION_KEY, transitions });
  const noTimers = EVALUATION_KEY.states.map((s) => ({ ...s, timers: undefined }));

  it('accepts the shipped definitions', () => {
    for (const definition of ALL_WORKFLOWS) expect(validateDefinition(definition)).toEqual([]);
  });

  it.each([
    ['a system transition no timer fires', withStates(noTimers), /a system transition no timer of draft_for_comment fires/],
    ['a system transition naming people', withTransitions(EVALUATION_KEY.transitions.map((t) => (t === close ? { ...t, permits: [{ roles: ['evaluation_lead'], relation: 'assigned_lead' }] } : t))), /a system transition names people/],
    [
      'a timer firing a person\'s action',
      withStates(EVALUATION_KEY.states.map((s) => (s.id === 'draft_for_comment' ? { ...s, timers: [{ deadline: 'comment_period', action: 'start_adjudication' }] } : s))),
      /timer fires start_adjudication, which is not a system transition/,
    ],
    [
      'a timer on an unknown deadline',
      withStates(EVALUATION_KEY.states.map((s) => (s.id === 'draft_for_comment' ? { ...s, timers: [{ deadline: 'no_such' as never, action: 'close_comment_period' }] } : s))),
      /timer on unknown deadline no_such/,
    ],
    [
      'a timer whose action does not leave the state',
      withStates(EVALUATION_KEY.states.map((s) => (s.id === 'adjudication' ? { ...s, timers: [{ deadline: 'comment_period', action: 'close_comment_period' }] } : s))),
      /state adjudication: timer fires close_comment_period, which does not leave the state/,
    ],
  ] as const)('refuses %s', (_what, definition, problem) => {
    expect(validateDefinition(definition).join('\n')).toMatch(problem);
  });
});
