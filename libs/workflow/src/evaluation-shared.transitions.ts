import type { Recipient, TransitionDefinition } from './definition.types';
import { BUREAU_FINANCE, DEPARTMENT, DEPARTMENT_HEAD, TO_BUREAU_OFFICERS, TO_DEPARTMENT, TO_DEPARTMENT_HEAD } from './parties';
import type { DeadlineKey } from './vocabulary';
import type { SELF_EVALUATION_GUARDS } from './evaluation-shared.guards';

/*
 * Transitions the two evaluation lifecycles (evaluation-key, evaluation-self) have in common: commissioning, the
 * department's self-evaluation and its return, closing after rectification, and cancelling. Each factory returns a
 * fresh plain object; it takes as parameters only what really differs between the lifecycles, and its return type
 * names the states, action and guards it uses, so a lifecycle that lacks one of them does not compile.
 */

/** What the department head's submission of the self-evaluation requires, in both lifecycles. */
type SelfEvaluationGuard = (typeof SELF_EVALUATION_GUARDS)[number]['id'];

/** The bureau commissions the evaluation: the zh label, the guards and who is told differ per lifecycle. */
export function commissionTransition<G extends string>(options: {
  readonly zh: string;
  readonly guards: readonly G[];
  readonly notify: readonly Recipient[];
}): TransitionDefinition<'draft' | 'commissioned', 'commission', G> {
  return {
    action: 'commission',
    from: ['draft'],
    to: 'commissioned',
    label: { zh: options.zh, en: 'Commission' },
    permits: [BUREAU_FINANCE],
    guards: options.guards,
    effects: [
      // The commission fixes the terms (framework version, team, deadlines, legal basis): keep what was decided.
      { type: 'snapshot' },
      { type: 'notify', to: options.notify, template: 'evaluation.commissioned' },
      { type: 'schedule_deadline', deadline: 'self_evaluation' },
    ],
  };
}

/** The department acknowledges the commission and starts filling the self-evaluation form. */
export function startSelfEvaluationTransition(): TransitionDefinition<'commissioned' | 'self_evaluation', 'start_self_evaluation', never> {
  return {
    action: 'start_self_evaluation',
    from: ['commissioned'],
    to: 'self_evaluation',
    label: { zh: '接收通知并开始自评', en: 'Start self-evaluation' },
    permits: [DEPARTMENT],
    effects: [{ type: 'notify', to: [TO_BUREAU_OFFICERS], template: 'evaluation.self_evaluation_started' }],
  };
}

/** The department head's approval IS the submission (head-only, with a snapshot); `to` is the lifecycle's review state. */
export function submitSelfEvaluationTransition<S extends string>(
  to: S,
): TransitionDefinition<'self_evaluation' | S, 'submit_self_evaluation', SelfEvaluationGuard> {
  return {
    action: 'submit_self_evaluation',
    from: ['self_evaluation'],
    to,
    label: { zh: '部门负责人审核并报送自评', en: 'Approve and submit self-evaluation' },
    permits: [DEPARTMENT_HEAD],
    guards: ['self_scores_complete', 'deviation_reasons_given', 'budget_data_entered', 'narrative_complete'],
    effects: [
      { type: 'snapshot' },
      { type: 'cancel_deadline', deadline: 'self_evaluation' },
      { type: 'schedule_deadline', deadline: 'self_evaluation_review' },
      { type: 'notify', to: [TO_BUREAU_OFFICERS], template: 'evaluation.self_evaluation_submitted' },
    ],
  };
}

/** The bureau sends the self-evaluation back with a reason; `from` lists the lifecycle's review states. */
export function returnSelfEvaluationTransition<S extends string>(
  from: readonly S[],
): TransitionDefinition<S | 'self_evaluation', 'return_self_evaluation', never> {
  return {
    action: 'return_self_evaluation',
    from,
    to: 'self_evaluation',
    label: { zh: '退回自评修改', en: 'Return self-evaluation for revision' },
    permits: [BUREAU_FINANCE],
    requiresComment: true,
    effects: [
      { type: 'cancel_deadline', deadline: 'self_evaluation_review' },
      { type: 'schedule_deadline', deadline: 'self_evaluation' },
      { type: 'notify', to: [TO_DEPARTMENT], template: 'evaluation.self_evaluation_returned' },
    ],
  };
}

/** The bureau closes the evaluation once every rectification item is verified or carried over. */
export function closeAfterRectificationTransition(): TransitionDefinition<
  'rectification' | 'closed',
  'close',
  'all_rectification_items_closed'
> {
  return {
    action: 'close',
    from: ['rectification'],
    to: 'closed',
    label: { zh: '整改完成，办结', en: 'Close' },
    permits: [BUREAU_FINANCE],
    guards: ['all_rectification_items_closed'],
    effects: [
      { type: 'cancel_deadline', deadline: 'rectification' },
      { type: 'notify', to: [TO_DEPARTMENT_HEAD], template: 'evaluation.closed' },
    ],
  };
}

/**
 * The bureau cancels the evaluation with a reason. Per lifecycle: the states it may be cancelled from, the deadlines
 * that may still be running there (each cancelled, in the order given) and who is told.
 */
export function cancelEvaluationTransition<S extends string>(
  from: readonly S[],
  options: { readonly openDeadlines: readonly DeadlineKey[]; readonly notify: readonly Recipient[] },
): TransitionDefinition<S | 'cancelled', 'cancel', never> {
  return {
    action: 'cancel',
    from,
    to: 'cancelled',
    label: { zh: '撤销评价', en: 'Cancel evaluation' },
    permits: [BUREAU_FINANCE],
    requiresComment: true,
    effects: [
      ...options.openDeadlines.map((deadline) => ({ type: 'cancel_deadline' as const, deadline })),
      { type: 'notify', to: options.notify, template: 'evaluation.cancelled' },
    ],
  };
}
