import type { GuardDefinition, StateDefinition, WorkflowDefinition } from './definition.types';
import {
  ALL_RECTIFICATION_ITEMS_CLOSED_GUARD,
  DEADLINES_SET_GUARD,
  FILL_SELF_EVALUATION,
  SELF_EVALUATION_GUARDS,
  WORK_OFF_RECTIFICATION,
} from './evaluation-shared.guards';
import {
  cancelEvaluationTransition,
  closeAfterRectificationTransition,
  commissionTransition,
  returnSelfEvaluationTransition,
  startSelfEvaluationTransition,
  submitSelfEvaluationTransition,
} from './evaluation-shared.transitions';
import { factIsTrue } from './guards';
import { BUREAU_FINANCE, RATING_PARAMETER, TO_DEPARTMENT, TO_DEPARTMENT_HEAD } from './parties';

/*
 * Self-evaluation only (绩效自评), DOMAIN §1 and §2 steps 1, 2 and 6: the department scores itself and the finance
 * bureau reviews and rates the quality of the self-evaluation (审核等级 优/良/中/差).
 *
 * Who fires what: as in the key evaluation, the department head's approval is the submission (head-only action,
 * with a snapshot); staff only fill the form. The commissioning bureau's officers take the submission into review,
 * return it with a reason, or rate it. Rating is a required parameter of `rate`, and the review opinions recorded
 * before it become rectification items (a rating with no opinions opens none, and `close` is then available at once).
 */

export type EvaluationSelfFacts = {
  /** An indicator framework (self-evaluation form) version is attached. */
  frameworkSelected: boolean;
  /** Every stage deadline of the commission is set. */
  deadlinesSet: boolean;
  /** Every level-3 indicator on the self-evaluation form has a self-score (and target and actual values). */
  selfScoresComplete: boolean;
  /** Every indicator whose actual value falls short of its target has a deviation analysis (偏差及原因分析). */
  deviationReasonsGiven: boolean;
  /** The budget data of the self-evaluation (DOMAIN §4) is entered. */
  budgetDataEntered: boolean;
  /** Every narrative section of the self-evaluation report is filled. */
  narrativeComplete: boolean;
  /** The reviewer has written the review opinion (审核意见) the rating rests on. */
  reviewOpinionWritten: boolean;
  /** Rectification items neither verified nor carried over: must be 0. */
  openRectificationItems: number;
};

export const EVALUATION_SELF_GUARDS = [
  { id: 'framework_selected', zh: '已选定自评指标体系', en: 'indicator framework selected', reads: ['frameworkSelected'], test: (f) => factIsTrue(f.frameworkSelected) },
  DEADLINES_SET_GUARD,
  ...SELF_EVALUATION_GUARDS,
  { id: 'review_opinion_written', zh: '已填写审核意见', en: 'review opinion written', reads: ['reviewOpinionWritten'], test: (f) => factIsTrue(f.reviewOpinionWritten) },
  ALL_RECTIFICATION_ITEMS_CLOSED_GUARD,
] as const satisfies readonly GuardDefinition<string, EvaluationSelfFacts>[];
export type EvaluationSelfGuardId = (typeof EVALUATION_SELF_GUARDS)[number]['id'];

export const EVALUATION_SELF_STATES = [
  { id: 'draft', label: { zh: '草稿', en: 'Draft' } },
  { id: 'commissioned', label: { zh: '已下达自评通知', en: 'Commissioned' } },
  { id: 'self_evaluation', label: { zh: '部门自评中', en: 'Self-evaluation' }, work: [FILL_SELF_EVALUATION] },
  { id: 'submitted', label: { zh: '已报送', en: 'Submitted' } },
  {
    id: 'review',
    label: { zh: '财政审核中', en: 'Under review' },
    work: [{ permits: [BUREAU_FINANCE], label: { zh: '填写审核意见并评定等级', en: 'Write the review opinion and rate' } }],
  },
  { id: 'rectification', label: { zh: '整改中', en: 'Rectification' }, work: [WORK_OFF_RECTIFICATION] },
  { id: 'closed', label: { zh: '已办结', en: 'Closed' } },
  { id: 'cancelled', label: { zh: '已撤销', en: 'Cancelled' } },
] as const satisfies readonly StateDefinition[];
export type EvaluationSelfState = (typeof EVALUATION_SELF_STATES)[number]['id'];

export const EVALUATION_SELF_ACTIONS = [
  'commission',
  'start_self_evaluation',
  'submit_self_evaluation',
  'start_review',
  'return_self_evaluation',
  'rate',
  'close',
  'cancel',
] as const;
export type EvaluationSelfAction = (typeof EVALUATION_SELF_ACTIONS)[number];

export const EVALUATION_SELF: WorkflowDefinition<EvaluationSelfState, EvaluationSelfAction, EvaluationSelfGuardId, EvaluationSelfFacts> = {
  id: 'evaluation_self',
  label: { zh: '部门绩效自评', en: 'Self-evaluation' },
  states: EVALUATION_SELF_STATES,
  initial: 'draft',
  terminal: ['closed', 'cancelled'],
  actions: EVALUATION_SELF_ACTIONS,
  guards: EVALUATION_SELF_GUARDS,
  transitions: [
    commissionTransition({ zh: '下达自评通知', guards: ['framework_selected', 'deadlines_set'], notify: [TO_DEPARTMENT] }),
    startSelfEvaluationTransition(),
    submitSelfEvaluationTransition('submitted'),
    {
      action: 'start_review',
      from: ['submitted'],
      to: 'review',
      label: { zh: '受理审核', en: 'Start review' },
      permits: [BUREAU_FINANCE],
      effects: [{ type: 'notify', to: [TO_DEPARTMENT_HEAD], template: 'evaluation.review_started' }],
    },
    returnSelfEvaluationTransition(['submitted', 'review']),
    {
      action: 'rate',
      from: ['review'],
      to: 'rectification',
      label: { zh: '评定审核等级', en: 'Rate self-evaluation' },
      permits: [BUREAU_FINANCE],
      guards: ['review_opinion_written'],
      parameters: { rating: RATING_PARAMETER },
      effects: [
        { type: 'snapshot' },
        { type: 'cancel_deadline', deadline: 'self_evaluation_review' },
        { type: 'open_rectification_items' },
        { type: 'schedule_deadline', deadline: 'rectification' },
        { type: 'notify', to: [TO_DEPARTMENT], template: 'evaluation.self_evaluation_rated' },
      ],
    },
    closeAfterRectificationTransition(),
    cancelEvaluationTransition(['draft', 'commissioned', 'self_evaluation', 'submitted', 'review'], {
      openDeadlines: ['self_evaluation', 'self_evaluation_review'],
      notify: [TO_DEPARTMENT],
    }),
  ],
};
