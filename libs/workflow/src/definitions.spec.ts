import type { AnyWorkflowDefinition, Effect, FactsRecord, GuardDefinition } from './definition.types';
import { DOCUMENT_REQUEST, type DocumentRequestFacts } from './document-request.definition';
import { EVALUATION_KEY, type EvaluationKeyFacts } from './evaluation-key.definition';
import { EVALUATION_SELF, type EvaluationSelfFacts } from './evaluation-self.definition';
import { RATING_PARAMETER } from './parties';
import { RECTIFICATION_ITEM, type RectificationItemFacts } from './rectification-item.definition';
import { WORKING_PAPER, type WorkingPaperFacts } from './working-paper.definition';
import { reachableFrom, validateDefinition } from './validate';
import { WORKFLOW_IDS, type DeadlineKey } from './vocabulary';
import { ALL_WORKFLOWS, WORKFLOWS_BY_ID } from './workflows';

const byId = ALL_WORKFLOWS.map((d) => [d.id, d] as const);

/**
 * The facts contracts, spelled out: `Record<keyof Facts, …>` makes the compiler fail when a fact is added to or
 * removed from a contract without updating this list. 'flag' facts pass when true, 'count' facts when 0.
 */
type FactKind = 'flag' | 'count';
const KEY_FACTS: Record<keyof EvaluationKeyFacts, FactKind> = {
  frameworkSelected: 'flag',
  teamAssigned: 'flag',
  deadlinesSet: 'flag',
  selfScoresComplete: 'flag',
  deviationReasonsGiven: 'flag',
  budgetDataEntered: 'flag',
  narrativeComplete: 'flag',
  allIndicatorsScored: 'flag',
  deductionsHaveReasons: 'flag',
  findingsComplete: 'flag',
  openDocumentRequests: 'count',
  commentDeadlinePassed: 'flag',
  unansweredFindings: 'count',
  unadjudicatedAnswers: 'count',
  scoreChangesHaveReasons: 'flag',
  reportNumberAssigned: 'flag',
  reportNumberSeries: 'flag',
  findingCount: 'count',
  openRectificationItems: 'count',
};
const SELF_FACTS: Record<keyof EvaluationSelfFacts, FactKind> = {
  frameworkSelected: 'flag',
  deadlinesSet: 'flag',
  selfScoresComplete: 'flag',
  deviationReasonsGiven: 'flag',
  budgetDataEntered: 'flag',
  narrativeComplete: 'flag',
  reviewOpinionWritten: 'flag',
  openRectificationItems: 'count',
};
const RECTIFICATION_FACTS: Record<keyof RectificationItemFacts, FactKind> = {
  measuresEntered: 'flag',
  ownerAssigned: 'flag',
  dueDateSet: 'flag',
  evidenceAttached: 'flag',
  evaluationOpen: 'flag',
};
const DOCUMENT_FACTS: Record<keyof DocumentRequestFacts, FactKind> = { materialsRecorded: 'flag' };
const WORKING_PAPER_FACTS: Record<keyof WorkingPaperFacts, FactKind> = { evaluationOpen: 'flag' };
const FACT_CONTRACTS: Record<string, Record<string, FactKind>> = {
  evaluation_key: KEY_FACTS,
  evaluation_self: SELF_FACTS,
  rectification_item: RECTIFICATION_FACTS,
  document_request: DOCUMENT_FACTS,
  working_paper: WORKING_PAPER_FACTS,
};

function passingValue(kind: FactKind): boolean | number {
  return kind === 'flag' ? true : 0;
}

function passingFacts(definition: AnyWorkflowDefinition): FactsRecord {
  return Object.fromEntries(Object.entries(FACT_CONTRACTS[definition.id]).map(([key, kind]) => [key, passingValue(kind)]));
}

describe('the registry', () => {
  it('holds the four lifecycles once each, by id', () => {
    expect(ALL_WORKFLOWS.map((d) => d.id)).toEqual([...WORKFLOW_IDS]);
    for (const d of ALL_WORKFLOWS) expect(WORKFLOWS_BY_ID[d.id]).toBe(d);
  });
});

describe.each(byId)('definition %s', (_id, definition) => {
  const stateIds = definition.states.map((s) => s.id);
  const terminal = new Set(definition.terminal);

  it('passes validateDefinition', () => {
    expect(validateDefinition(definition)).toEqual([]);
  });

  it('has labels in Chinese and English for itself, every state and every transition', () => {
    for (const label of [definition.label, ...definition.states.map((s) => s.label), ...definition.transitions.map((t) => t.label)]) {
      expect(label.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(label.en).toMatch(/^[A-Z]/);
    }
  });

  it('gives every transition at least one permit, and every permit at least one role, never system_admin', () => {
    // A system transition (a state's timer) names nobody: only the system fires it.
    for (const t of definition.transitions.filter((transition) => !transition.system)) {
      expect(t.permits.length).toBeGreaterThan(0);
      for (const p of t.permits) {
        expect(p.roles.length).toBeGreaterThan(0);
        expect(p.roles).not.toContain('system_admin');
      }
    }
  });

  it('has no duplicate (from, action) pair', () => {
    const pairs = definition.transitions.flatMap((t) => t.from.map((from) => `${from}/${t.action}`));
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('reaches every state from the initial state', () => {
    expect([...reachableFrom(definition, definition.initial)].sort()).toEqual([...stateIds].sort());
  });

  it('can reach a terminal state from every state', () => {
    for (const state of stateIds) {
      expect([state, [...reachableFrom(definition, state)].some((s) => terminal.has(s))]).toEqual([state, true]);
    }
  });

  it('leaves terminal states only by an explicit reopen', () => {
    const leaving = definition.transitions.filter((t) => t.from.some((s) => terminal.has(s)));
    for (const t of leaving) expect([t.action, t.reopens]).toEqual([t.action, true]);
  });

  it('requires a reason for every return, cancellation, decline, partial answer, carry-over and reopen', () => {
    const needsReason = /^(return|cancel|decline|provide_partly|carry_over|reopen)/;
    for (const t of definition.transitions.filter((x) => needsReason.test(x.action))) {
      expect([t.action, t.requiresComment]).toEqual([t.action, true]);
    }
  });

  it('names in its facts contract exactly the facts its guards read', () => {
    const contract = Object.keys(FACT_CONTRACTS[definition.id]).sort();
    const read = [...new Set(definition.guards.flatMap((g) => g.reads))].sort();
    expect(read).toEqual(contract);
  });

  describe.each(definition.guards.map((g) => [g.id, g] as const))('guard %s', (_gid, guard: GuardDefinition) => {
    const facts = passingFacts(definition);
    const kinds = FACT_CONTRACTS[definition.id];

    it('passes on the passing facts', () => {
      expect(guard.test(facts)).toBe(true);
    });

    it('fails closed: no facts, or any fact it reads missing or of the wrong type', () => {
      expect(guard.test({})).toBe(false);
      const wrong = (key: string) => (kinds[key] === 'flag' ? ['true', 1, null, false] : ['0', null, 1, Number.NaN, false]);
      for (const key of guard.reads) {
        for (const value of wrong(key)) {
          // The comment-period guard is an OR: breaking one of its two facts alone is not enough.
          const broken =
            guard.reads.length > 1 ? Object.fromEntries(guard.reads.map((k) => [k, k === key ? value : wrong(k)[0]])) : { [key]: value };
          expect([key, value, guard.test({ ...facts, ...broken })]).toEqual([key, value, false]);
        }
      }
    });
  });
});

describe('effects', () => {
  const deadlines = (effects: readonly Effect[], type: 'schedule_deadline' | 'cancel_deadline'): DeadlineKey[] =>
    effects.flatMap((e) => (e.type === type ? [e.deadline] : []));

  it.each(byId)('%s cancels every deadline it schedules somewhere', (_id, definition) => {
    const scheduled = new Set(definition.transitions.flatMap((t) => deadlines(t.effects, 'schedule_deadline')));
    const cancelled = new Set(definition.transitions.flatMap((t) => deadlines(t.effects, 'cancel_deadline')));
    for (const key of scheduled) expect([key, cancelled.has(key)]).toEqual([key, true]);
  });

  it.each([EVALUATION_KEY, EVALUATION_SELF].map((d) => [d.id, d] as const))(
    '%s: cancel stops every deadline that can be running in a cancellable state',
    (_id, definition) => {
      const cancel = definition.transitions.find((t) => t.action === 'cancel');
      const stopped = new Set(deadlines(cancel?.effects ?? [], 'cancel_deadline'));
      const cancellable = new Set(cancel?.from ?? []);
      const running = definition.transitions.filter((t) => cancellable.has(t.to)).flatMap((t) => deadlines(t.effects, 'schedule_deadline'));
      for (const key of running) expect([key, stopped.has(key)]).toEqual([key, true]);
    },
  );

  it.each([
    [EVALUATION_KEY.id, EVALUATION_KEY, ['commission', 'submit_self_evaluation', 'accept_self_evaluation', 'issue_draft_for_comment', 'approve_final_report']],
    [EVALUATION_SELF.id, EVALUATION_SELF, ['commission', 'submit_self_evaluation', 'rate']],
    [RECTIFICATION_ITEM.id, RECTIFICATION_ITEM, ['verify']],
    [DOCUMENT_REQUEST.id, DOCUMENT_REQUEST, []],
    [WORKING_PAPER.id, WORKING_PAPER, ['sign_off']],
  ] as const)('%s snapshots exactly at its approvals', (_id, definition: AnyWorkflowDefinition, approvals: readonly string[]) => {
    const snapshotting = definition.transitions.filter((t) => t.effects.some((e) => e.type === 'snapshot')).map((t) => t.action);
    expect(snapshotting).toEqual(approvals);
  });

  it('opens rectification items exactly where rectification starts', () => {
    const opening = ALL_WORKFLOWS.flatMap((d) =>
      d.transitions.filter((t) => t.effects.some((e) => e.type === 'open_rectification_items')).map((t) => `${d.id}:${t.action}->${t.to}`),
    );
    expect(opening).toEqual(['evaluation_key:start_rectification->rectification', 'evaluation_self:rate->rectification']);
  });

  it('freezes the scores exactly where the draft goes out for comment (the baseline later changes are measured against)', () => {
    const freezing = ALL_WORKFLOWS.flatMap((d) =>
      d.transitions.filter((t) => t.effects.some((e) => e.type === 'freeze_scores')).map((t) => `${d.id}:${t.action}->${t.to}`),
    );
    expect(freezing).toEqual(['evaluation_key:issue_draft_for_comment->draft_for_comment']);
  });

  it('notifies the department when its evaluation is cancelled, and the team too when there is one', () => {
    const recipientsOf = (d: AnyWorkflowDefinition) =>
      d.transitions.find((t) => t.action === 'cancel')?.effects.flatMap((e) => (e.type === 'notify' ? e.to.map((r) => r.relation) : []));
    expect(recipientsOf(EVALUATION_KEY)).toEqual(['evaluated_department', 'assigned_member']);
    expect(recipientsOf(EVALUATION_SELF)).toEqual(['evaluated_department']);
  });
});

describe('the work each state waits on (the inbox)', () => {
  it.each([
    [EVALUATION_KEY, 'self_evaluation', 'evaluated_department'],
    [EVALUATION_KEY, 'fieldwork', 'assigned_member'],
    [EVALUATION_KEY, 'draft_for_comment', 'evaluated_department'],
    [EVALUATION_KEY, 'adjudication', 'assigned_member'],
    [EVALUATION_KEY, 'final_review', 'commissioning_bureau'],
    [EVALUATION_KEY, 'rectification', 'evaluated_department'],
    [EVALUATION_SELF, 'self_evaluation', 'evaluated_department'],
    [EVALUATION_SELF, 'review', 'commissioning_bureau'],
    [EVALUATION_SELF, 'rectification', 'evaluated_department'],
  ] as const)('%#: %s waits on %s', (definition, state, relation) => {
    const work = (definition as AnyWorkflowDefinition).states.find((s) => s.id === state)?.work ?? [];
    expect(work.flatMap((w) => w.permits.map((p) => p.relation))).toEqual([relation]);
  });

  it('names no work in terminal states', () => {
    for (const definition of [EVALUATION_KEY, EVALUATION_SELF] as AnyWorkflowDefinition[]) {
      for (const state of definition.states.filter((s) => definition.terminal.includes(s.id))) expect(state.work ?? []).toEqual([]);
    }
  });
});

describe('the rating', () => {
  it('is 优/良/中/差 with stable codes', () => {
    expect(RATING_PARAMETER.options.map((o) => [o.value, o.zh])).toEqual([
      ['excellent', '优'],
      ['good', '良'],
      ['fair', '中'],
      ['poor', '差'],
    ]);
  });
});

describe('validateDefinition', () => {
  const base = DOCUMENT_REQUEST as AnyWorkflowDefinition;
  const withTransitions = (transitions: AnyWorkflowDefinition['transitions']): AnyWorkflowDefinition => ({ ...base, transitions });
  const [provide, , , accept] = base.transitions;

  it.each<[string, AnyWorkflowDefinition, RegExp]>([
    ['a duplicate (from, action)', withTransitions([...base.transitions, { ...provide, to: 'accepted' }]), /duplicate \(from, action\): \(requested, provide\)/],
    ['a transition nobody may fire', withTransitions([{ ...provide, permits: [] }, ...base.transitions.slice(1)]), /nobody may fire it/],
    ['a permit without roles', withTransitions([{ ...provide, permits: [{ roles: [], relation: 'evaluated_department' }] }, ...base.transitions.slice(1)]), /a permit without roles/],
    [
      'system_admin in a permit',
      withTransitions([{ ...provide, permits: [{ roles: ['system_admin'], relation: 'jurisdiction' }] }, ...base.transitions.slice(1)]),
      /system_admin holds no workflow power/,
    ],
    ['an unknown guard', withTransitions([{ ...provide, guards: ['all_files_scanned'] }, ...base.transitions.slice(1)]), /unknown guard all_files_scanned/],
    ['an unreachable state', { ...base, states: [...base.states, { id: 'lost', label: { zh: '遗失', en: 'Lost' } }] }, /state lost is unreachable/],
    [
      'a dead end',
      withTransitions(base.transitions.map((t) => (t === accept ? { ...t, to: 'returned' } : t))),
      /state requested cannot reach a terminal state/,
    ],
    ['leaving a terminal state without reopens', withTransitions([...base.transitions, { ...accept, action: 'undo', from: ['accepted'], to: 'requested' }]), /leaves terminal state accepted without reopens/],
    ['an undeclared action', withTransitions([...base.transitions, { ...accept, action: 'shred', from: ['requested'] }]), /action shred is not declared/],
    ['an unknown target state', withTransitions([{ ...provide, to: 'shredded' }, ...base.transitions.slice(1)]), /unknown target state shredded/],
    ...(
      [
        ['state work for system_admin', [{ roles: ['system_admin'], relation: 'jurisdiction' }], /state requested work: system_admin holds no workflow power/],
        ['state work nobody does', [], /state requested: work nobody does/],
        ['state work with an unknown relation', [{ roles: ['department_staff'], relation: 'neighbour' }], /state requested work: unknown relation neighbour/],
      ] as const
    ).map(([what, permits, problem]): [string, AnyWorkflowDefinition, RegExp] => [
      what,
      { ...base, states: base.states.map((s, i) => (i === 0 ? { ...s, work: [{ permits: permits as never, label: { zh: '工作', en: 'work' } }] } : s)) },
      problem,
    ]),
  ])('reports %s', (_what, broken, problem) => {
    expect(validateDefinition(broken).join('\n')).toMatch(problem);
  });
});
