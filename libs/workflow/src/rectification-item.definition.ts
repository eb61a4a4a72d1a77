import type { GuardDefinition, StateDefinition, WorkflowDefinition } from './definition.types';
import { factIsTrue } from './guards';
import {
  BUREAU_FINANCE,
  DEPARTMENT,
  DEPARTMENT_HEAD,
  ITEM_OWNER,
  JURISDICTION_AUDITOR,
  TO_AUDITORS,
  TO_BUREAU_OFFICERS,
  TO_DEPARTMENT,
  TO_DEPARTMENT_HEAD,
  TO_ITEM_OWNER,
} from './parties';

/*
 * One rectification item (整改事项), DOMAIN §2.6–7. Items are opened by the evaluation's `open_rectification_items`
 * effect, one per finding; the API schedules the `rectification_plan` deadline when it creates them.
 *
 * Who fires what: anyone of the evaluated department proposes the plan (measures, owner, due date); from then on
 * the item's owner reports progress and asks for verification, and the department head may act for an absent owner.
 * An auditor of the jurisdiction or the commissioning bureau verifies (销号), finds it partly rectified (部分整改: the
 * department works on with a new date) or sends it back, and either may carry an item
 * over to next year's evaluation (DOMAIN §2.7). Only an auditor reopens a verified item ("can reopen"), and only while
 * its evaluation is open: the evaluation closed because every item was closed, so its items stay closed.
 * `verified` and `carried_over` are terminal: the evaluation counts them as closed.
 */

export type RectificationItemFacts = {
  /** The rectification measures (整改措施) are written. */
  measuresEntered: boolean;
  /** A responsible person (责任人) is named. */
  ownerAssigned: boolean;
  /** A due date is set. */
  dueDateSet: boolean;
  /** The evidence of the rectification is recorded (what was handed over; files once they can be attached). */
  evidenceAttached: boolean;
  /**
   * The item's evaluation is still open (neither 已办结 nor 已撤销). Once the evaluation closed on "every item closed
   * or carried over", reopening one of its items would leave a closed evaluation with an open item.
   */
  evaluationOpen: boolean;
};

export const RECTIFICATION_ITEM_GUARDS = [
  { id: 'measures_entered', zh: '已填写整改措施', en: 'rectification measures written', reads: ['measuresEntered'], test: (f) => factIsTrue(f.measuresEntered) },
  { id: 'owner_assigned', zh: '已明确整改责任人', en: 'owner named', reads: ['ownerAssigned'], test: (f) => factIsTrue(f.ownerAssigned) },
  { id: 'due_date_set', zh: '已确定整改期限', en: 'due date set', reads: ['dueDateSet'], test: (f) => factIsTrue(f.dueDateSet) },
  { id: 'evidence_attached', zh: '已登记整改佐证材料', en: 'evidence recorded', reads: ['evidenceAttached'], test: (f) => factIsTrue(f.evidenceAttached) },
  {
    id: 'evaluation_open',
    zh: '所属评价尚未办结（评价已办结，不能重新打开整改事项）',
    en: 'the item’s evaluation is not closed (a closed evaluation’s items cannot be reopened)',
    reads: ['evaluationOpen'],
    test: (f) => factIsTrue(f.evaluationOpen),
  },
] as const satisfies readonly GuardDefinition<string, RectificationItemFacts>[];
export type RectificationItemGuardId = (typeof RECTIFICATION_ITEM_GUARDS)[number]['id'];

export const RECTIFICATION_ITEM_STATES = [
  { id: 'open', label: { zh: '待报送整改措施', en: 'Open' } },
  { id: 'plan_submitted', label: { zh: '已报送整改措施', en: 'Plan submitted' } },
  { id: 'in_progress', label: { zh: '整改中', en: 'In progress' } },
  { id: 'submitted_for_verification', label: { zh: '待核查', en: 'Awaiting verification' } },
  { id: 'verified', label: { zh: '核查通过', en: 'Verified' } },
  { id: 'returned', label: { zh: '核查退回', en: 'Returned' } },
  { id: 'partly_rectified', label: { zh: '部分整改', en: 'Partly rectified' } },
  { id: 'carried_over', label: { zh: '结转下年度', en: 'Carried over' } },
] as const satisfies readonly StateDefinition[];
export type RectificationItemState = (typeof RECTIFICATION_ITEM_STATES)[number]['id'];

export const RECTIFICATION_ITEM_ACTIONS = [
  'submit_plan',
  'report_progress',
  'submit_for_verification',
  'verify',
  'verify_partly',
  'return',
  'carry_over',
  'reopen',
] as const;
export type RectificationItemAction = (typeof RECTIFICATION_ITEM_ACTIONS)[number];

export const RECTIFICATION_ITEM: WorkflowDefinition<
  RectificationItemState,
  RectificationItemAction,
  RectificationItemGuardId,
  RectificationItemFacts
> = {
  id: 'rectification_item',
  label: { zh: '整改事项', en: 'Rectification item' },
  states: RECTIFICATION_ITEM_STATES,
  initial: 'open',
  terminal: ['verified', 'carried_over'],
  actions: RECTIFICATION_ITEM_ACTIONS,
  guards: RECTIFICATION_ITEM_GUARDS,
  transitions: [
    {
      action: 'submit_plan',
      from: ['open'],
      to: 'plan_submitted',
      label: { zh: '报送整改措施', en: 'Submit plan' },
      permits: [DEPARTMENT],
      guards: ['measures_entered', 'owner_assigned', 'due_date_set'],
      effects: [
        { type: 'cancel_deadline', deadline: 'rectification_plan' },
        { type: 'schedule_deadline', deadline: 'rectification_due' },
        { type: 'notify', to: [TO_ITEM_OWNER, TO_BUREAU_OFFICERS], template: 'rectification.plan_submitted' },
      ],
    },
    {
      action: 'report_progress',
      // Also from in_progress itself: each report is a history entry, and the first one starts the work.
      from: ['plan_submitted', 'in_progress', 'returned', 'partly_rectified'],
      to: 'in_progress',
      label: { zh: '报告整改进展', en: 'Report progress' },
      permits: [ITEM_OWNER, DEPARTMENT_HEAD],
      // The comment is the progress report itself.
      requiresComment: true,
      effects: [],
    },
    {
      action: 'submit_for_verification',
      from: ['in_progress'],
      to: 'submitted_for_verification',
      label: { zh: '申请核查', en: 'Ask for verification' },
      permits: [ITEM_OWNER, DEPARTMENT_HEAD],
      guards: ['evidence_attached'],
      effects: [
        // The department has done its part; the overdue clock stops while the verifier looks.
        { type: 'cancel_deadline', deadline: 'rectification_due' },
        { type: 'notify', to: [TO_AUDITORS, TO_BUREAU_OFFICERS], template: 'rectification.verification_requested' },
      ],
    },
    {
      action: 'verify',
      from: ['submitted_for_verification'],
      to: 'verified',
      label: { zh: '核查通过', en: 'Verify' },
      permits: [JURISDICTION_AUDITOR, BUREAU_FINANCE],
      effects: [
        { type: 'snapshot' },
        { type: 'notify', to: [TO_ITEM_OWNER, TO_DEPARTMENT_HEAD], template: 'rectification.verified' },
      ],
    },
    {
      // 部分整改: part is done and stays done; the comment says what remains, the department sets a new 整改时限 and
      // works on, or the item is carried over to next year's evaluation.
      action: 'verify_partly',
      from: ['submitted_for_verification'],
      to: 'partly_rectified',
      label: { zh: '认定部分整改', en: 'Partly rectified' },
      permits: [JURISDICTION_AUDITOR, BUREAU_FINANCE],
      requiresComment: true,
      effects: [
        { type: 'schedule_deadline', deadline: 'rectification_due' },
        { type: 'notify', to: [TO_ITEM_OWNER, TO_DEPARTMENT_HEAD], template: 'rectification.partly_rectified' },
      ],
    },
    {
      action: 'return',
      from: ['submitted_for_verification'],
      to: 'returned',
      label: { zh: '核查退回', en: 'Return' },
      permits: [JURISDICTION_AUDITOR, BUREAU_FINANCE],
      requiresComment: true,
      effects: [
        { type: 'schedule_deadline', deadline: 'rectification_due' },
        { type: 'notify', to: [TO_ITEM_OWNER, TO_DEPARTMENT_HEAD], template: 'rectification.returned' },
      ],
    },
    {
      action: 'carry_over',
      from: ['open', 'plan_submitted', 'in_progress', 'returned', 'partly_rectified'],
      to: 'carried_over',
      label: { zh: '结转至下年度评价', en: 'Carry over to next year' },
      permits: [BUREAU_FINANCE, JURISDICTION_AUDITOR],
      requiresComment: true,
      effects: [
        { type: 'cancel_deadline', deadline: 'rectification_plan' },
        { type: 'cancel_deadline', deadline: 'rectification_due' },
        { type: 'notify', to: [TO_DEPARTMENT], template: 'rectification.carried_over' },
      ],
    },
    {
      action: 'reopen',
      from: ['verified'],
      to: 'in_progress',
      label: { zh: '重新打开', en: 'Reopen' },
      permits: [JURISDICTION_AUDITOR],
      guards: ['evaluation_open'],
      requiresComment: true,
      reopens: true,
      effects: [
        { type: 'schedule_deadline', deadline: 'rectification_due' },
        { type: 'notify', to: [TO_ITEM_OWNER, TO_DEPARTMENT_HEAD, TO_BUREAU_OFFICERS], template: 'rectification.reopened' },
      ],
    },
  ],
};
