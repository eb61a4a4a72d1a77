import type { GuardDefinition, StateDefinition, WorkflowDefinition } from './definition.types';
import { ALL_RECTIFICATION_ITEMS_CLOSED_GUARD, DEADLINES_SET_GUARD, SELF_EVALUATION_GUARDS } from './evaluation-shared.guards';
import {
  cancelEvaluationTransition,
  closeAfterRectificationTransition,
  commissionTransition,
  returnSelfEvaluationTransition,
  startSelfEvaluationTransition,
  submitSelfEvaluationTransition,
} from './evaluation-shared.transitions';
import { factIsTrue, factIsZero } from './guards';
import { PUBLICATION_RECORDS } from './publication';
import { FILL_SELF_EVALUATION, WORK_OFF_RECTIFICATION } from './evaluation-shared.guards';
import {
  ASSIGNED_LEAD,
  ASSIGNED_TEAM,
  DEPARTMENT,
  BUREAU_FINANCE,
  BUREAU_FINANCE_ADMIN,
  TO_BUREAU_ADMIN,
  TO_BUREAU_OFFICERS,
  TO_DEPARTMENT,
  TO_DEPARTMENT_HEAD,
  TO_LEAD,
  TO_TEAM,
} from './parties';

/*
 * Key / third-party evaluation (重点绩效评价, 第三方评价), DOMAIN §2 steps 1–6.
 *
 * Who fires what, and why:
 * - The commissioning bureau's finance officers and section head (finance_admin) commission, review the
 *   self-evaluation, review the draft and release it to the department (DOMAIN: the draft goes to the department
 *   "through the finance bureau", so the release is the bureau's review decision), start rectification, close, cancel.
 * - The department head's approval of the self-evaluation IS its submission: `submit_self_evaluation` is head-only.
 *   Staff fill the form (data, not a transition). This keeps the approval in the history as an act of the head
 *   (with a snapshot) instead of a sign-off flag that could go stale when the form changes after it.
 * - The assigned lead submits the draft after fieldwork, closes the comment period and submits the final report;
 *   the lead may also pull a draft back to fieldwork while the bureau reviews it.
 * - Department answers to findings and evaluators' scores are data; the guards read their completeness.
 * - Only the section head (finance_admin) approves and publishes the final report (DOMAIN roles table).
 */

export type EvaluationKeyFacts = {
  /** An indicator framework version is attached to the evaluation. */
  frameworkSelected: boolean;
  /** An evaluation team (own or third-party firm) with a lead is assigned. */
  teamAssigned: boolean;
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
  /** Every level-3 indicator has a score from the evaluation team. */
  allIndicatorsScored: boolean;
  /** Every deduction has its reason (扣分说明). */
  deductionsHaveReasons: boolean;
  /** Every finding has a cause analysis (问题剖析) and a recommendation (建议). */
  findingsComplete: boolean;
  /** Document requests neither accepted by the team: must be 0. */
  openDocumentRequests: number;
  /** The comment period of the draft (征求意见) has ended. */
  commentDeadlinePassed: boolean;
  /** Findings the department has not answered yet. */
  unansweredFindings: number;
  /** Department answers the team has not adjudicated yet: must be 0. */
  unadjudicatedAnswers: number;
  /** Every score changed after the draft was issued records its reason. */
  scoreChangesHaveReasons: boolean;
  /** The final report has its document number (文号), typed by hand or assigned. */
  reportNumberAssigned: boolean;
  /** The issuer numbers its reports by a series (a pattern is set): the number is assigned at approval. */
  reportNumberSeries: boolean;
  /** Findings in the approved report. */
  findingCount: number;
  /** Rectification items neither verified nor carried over: must be 0. */
  openRectificationItems: number;
};

export const EVALUATION_KEY_GUARDS = [
  { id: 'framework_selected', zh: '已选定指标体系', en: 'indicator framework selected', reads: ['frameworkSelected'], test: (f) => factIsTrue(f.frameworkSelected) },
  { id: 'team_assigned', zh: '已指定评价组及组长', en: 'evaluation team and lead assigned', reads: ['teamAssigned'], test: (f) => factIsTrue(f.teamAssigned) },
  DEADLINES_SET_GUARD,
  ...SELF_EVALUATION_GUARDS,
  { id: 'all_indicators_scored', zh: '所有三级指标均已评分', en: 'every indicator scored', reads: ['allIndicatorsScored'], test: (f) => factIsTrue(f.allIndicatorsScored) },
  { id: 'deductions_have_reasons', zh: '所有扣分均已说明理由', en: 'every deduction has a reason', reads: ['deductionsHaveReasons'], test: (f) => factIsTrue(f.deductionsHaveReasons) },
  { id: 'findings_complete', zh: '每个问题均有问题剖析和建议', en: 'every finding has a cause analysis and a recommendation', reads: ['findingsComplete'], test: (f) => factIsTrue(f.findingsComplete) },
  { id: 'document_requests_settled', zh: '资料清单中的资料均已处理', en: 'every document request settled', reads: ['openDocumentRequests'], test: (f) => factIsZero(f.openDocumentRequests) },
  {
    id: 'comment_period_over_or_all_findings_answered',
    zh: '征求意见期限已过，或所有问题均已反馈意见',
    en: 'comment period over, or every finding answered',
    reads: ['commentDeadlinePassed', 'unansweredFindings'],
    // DOMAIN §2.4: no answer by the deadline counts as no objection, so the deadline alone is enough.
    test: (f) => factIsTrue(f.commentDeadlinePassed) || factIsZero(f.unansweredFindings),
  },
  {
    id: 'comment_deadline_passed',
    zh: '征求意见期限已过',
    en: 'comment period over',
    reads: ['commentDeadlinePassed'],
    test: (f) => factIsTrue(f.commentDeadlinePassed),
  },
  { id: 'all_answers_adjudicated', zh: '所有反馈意见均已处理', en: 'every answer adjudicated', reads: ['unadjudicatedAnswers'], test: (f) => factIsZero(f.unadjudicatedAnswers) },
  { id: 'score_changes_have_reasons', zh: '所有分数调整均已说明理由', en: 'every score change has a reason', reads: ['scoreChangesHaveReasons'], test: (f) => factIsTrue(f.scoreChangesHaveReasons) },
  {
    id: 'report_number_assigned',
    zh: '正式报告已编制文号（或已设置文号规则，审定时自动编号）',
    en: 'report number assigned (or a numbering pattern set: numbered at approval)',
    reads: ['reportNumberAssigned', 'reportNumberSeries'],
    test: (f) => factIsTrue(f.reportNumberAssigned) || factIsTrue(f.reportNumberSeries),
  },
  { id: 'no_findings', zh: '未发现问题，无需整改', en: 'no findings to rectify', reads: ['findingCount'], test: (f) => factIsZero(f.findingCount) },
  ALL_RECTIFICATION_ITEMS_CLOSED_GUARD,
] as const satisfies readonly GuardDefinition<string, EvaluationKeyFacts>[];
export type EvaluationKeyGuardId = (typeof EVALUATION_KEY_GUARDS)[number]['id'];

export const EVALUATION_KEY_STATES = [
  { id: 'draft', label: { zh: '草稿', en: 'Draft' } },
  { id: 'commissioned', label: { zh: '已下达评价通知', en: 'Commissioned' } },
  { id: 'self_evaluation', label: { zh: '部门自评中', en: 'Self-evaluation' }, work: [FILL_SELF_EVALUATION] },
  { id: 'self_evaluation_review', label: { zh: '自评审核中', en: 'Self-evaluation review' } },
  {
    id: 'fieldwork',
    label: { zh: '现场评价中', en: 'Fieldwork' },
    work: [{ permits: [ASSIGNED_TEAM], label: { zh: '现场评价：逐项评分并记录问题', en: 'Fieldwork: score every indicator, record findings' } }],
  },
  { id: 'draft_review', label: { zh: '报告初稿审核中', en: 'Draft review' } },
  {
    id: 'draft_for_comment',
    label: { zh: '征求意见中', en: 'Draft for comment' },
    work: [{ permits: [DEPARTMENT], label: { zh: '对评价报告初稿逐条反馈意见', en: 'Answer the draft finding by finding' } }],
    // DOMAIN §2.4: when the period runs out, the system closes it; unanswered findings count as no objection.
    timers: [{ deadline: 'comment_period', action: 'close_comment_period' }],
  },
  {
    id: 'adjudication',
    label: { zh: '反馈意见处理中', en: 'Adjudication' },
    work: [{ permits: [ASSIGNED_TEAM], label: { zh: '逐条处理部门反馈意见', en: 'Adjudicate the department\'s answers' } }],
  },
  {
    id: 'final_review',
    label: { zh: '正式报告审定中', en: 'Final review' },
    work: [{ permits: [BUREAU_FINANCE], label: { zh: '审定正式报告并编制文号', en: 'Review the final report and assign its number' } }],
  },
  { id: 'published', label: { zh: '已审定发布', en: 'Approved and published' } },
  { id: 'rectification', label: { zh: '整改中', en: 'Rectification' }, work: [WORK_OFF_RECTIFICATION] },
  { id: 'closed', label: { zh: '已办结', en: 'Closed' } },
  { id: 'cancelled', label: { zh: '已撤销', en: 'Cancelled' } },
] as const satisfies readonly StateDefinition[];
export type EvaluationKeyState = (typeof EVALUATION_KEY_STATES)[number]['id'];

export const EVALUATION_KEY_ACTIONS = [
  'commission',
  'start_self_evaluation',
  'submit_self_evaluation',
  'return_self_evaluation',
  'accept_self_evaluation',
  'submit_draft',
  'return_draft',
  'issue_draft_for_comment',
  'start_adjudication',
  'close_comment_period',
  'submit_final_report',
  'return_final_report',
  'approve_final_report',
  'start_rectification',
  'close',
  'cancel',
] as const;
export type EvaluationKeyAction = (typeof EVALUATION_KEY_ACTIONS)[number];

/** Every state before publication: a published report is a public record and is never withdrawn by cancelling. */
const CANCELLABLE: readonly EvaluationKeyState[] = [
  'draft',
  'commissioned',
  'self_evaluation',
  'self_evaluation_review',
  'fieldwork',
  'draft_review',
  'draft_for_comment',
  'adjudication',
  'final_review',
];

export const EVALUATION_KEY: WorkflowDefinition<EvaluationKeyState, EvaluationKeyAction, EvaluationKeyGuardId, EvaluationKeyFacts> = {
  id: 'evaluation_key',
  label: { zh: '重点绩效评价（第三方评价）', en: 'Key / third-party evaluation' },
  states: EVALUATION_KEY_STATES,
  initial: 'draft',
  terminal: ['closed', 'cancelled'],
  actions: EVALUATION_KEY_ACTIONS,
  guards: EVALUATION_KEY_GUARDS,
  transitions: [
    commissionTransition({
      zh: '下达评价通知',
      guards: ['framework_selected', 'team_assigned', 'deadlines_set'],
      notify: [TO_DEPARTMENT, TO_TEAM],
    }),
    startSelfEvaluationTransition(),
    submitSelfEvaluationTransition('self_evaluation_review'),
    returnSelfEvaluationTransition(['self_evaluation_review']),
    {
      action: 'accept_self_evaluation',
      from: ['self_evaluation_review'],
      to: 'fieldwork',
      label: { zh: '自评审核通过，进入现场评价', en: 'Accept self-evaluation' },
      permits: [BUREAU_FINANCE],
      effects: [
        { type: 'snapshot' },
        { type: 'cancel_deadline', deadline: 'self_evaluation_review' },
        { type: 'schedule_deadline', deadline: 'fieldwork' },
        { type: 'notify', to: [TO_TEAM, TO_DEPARTMENT], template: 'evaluation.fieldwork_started' },
      ],
    },
    {
      action: 'submit_draft',
      from: ['fieldwork'],
      to: 'draft_review',
      label: { zh: '提交评价报告初稿', en: 'Submit draft report' },
      permits: [ASSIGNED_LEAD],
      guards: ['all_indicators_scored', 'deductions_have_reasons', 'findings_complete', 'document_requests_settled'],
      effects: [
        { type: 'cancel_deadline', deadline: 'fieldwork' },
        { type: 'notify', to: [TO_BUREAU_OFFICERS], template: 'evaluation.draft_submitted' },
      ],
    },
    {
      action: 'return_draft',
      from: ['draft_review'],
      to: 'fieldwork',
      label: { zh: '退回初稿补充现场评价', en: 'Return draft to fieldwork' },
      // The bureau sends it back, or the lead pulls it back after spotting a mistake.
      permits: [BUREAU_FINANCE, ASSIGNED_LEAD],
      requiresComment: true,
      effects: [
        { type: 'schedule_deadline', deadline: 'fieldwork' },
        { type: 'notify', to: [TO_TEAM, TO_BUREAU_OFFICERS], template: 'evaluation.draft_returned' },
      ],
    },
    {
      action: 'issue_draft_for_comment',
      from: ['draft_review'],
      to: 'draft_for_comment',
      label: { zh: '印发征求意见稿', en: 'Issue draft for comment' },
      permits: [BUREAU_FINANCE],
      effects: [
        // What the department was shown; adjudication compares the final report with it.
        { type: 'snapshot' },
        { type: 'freeze_scores' },
        { type: 'schedule_deadline', deadline: 'comment_period' },
        { type: 'notify', to: [TO_DEPARTMENT, TO_TEAM], template: 'evaluation.draft_issued_for_comment' },
      ],
    },
    {
      action: 'start_adjudication',
      from: ['draft_for_comment'],
      to: 'adjudication',
      label: { zh: '结束征求意见，处理反馈', en: 'Close comment period' },
      permits: [ASSIGNED_LEAD],
      guards: ['comment_period_over_or_all_findings_answered'],
      effects: [
        { type: 'cancel_deadline', deadline: 'comment_period' },
        { type: 'notify', to: [TO_TEAM, TO_BUREAU_OFFICERS], template: 'evaluation.comment_period_closed' },
      ],
    },
    {
      // The comment period's timer: fired by the system, never by a person (the lead closes early with start_adjudication).
      action: 'close_comment_period',
      from: ['draft_for_comment'],
      to: 'adjudication',
      label: { zh: '征求意见期满，自动结束征求意见（未反馈视为无异议）', en: 'Comment period over (unanswered findings: no objection)' },
      permits: [],
      system: true,
      guards: ['comment_deadline_passed'],
      effects: [
        { type: 'record_no_objection' },
        { type: 'cancel_deadline', deadline: 'comment_period' },
        { type: 'notify', to: [TO_TEAM, TO_BUREAU_OFFICERS, TO_DEPARTMENT], template: 'evaluation.comment_period_closed' },
      ],
    },
    {
      action: 'submit_final_report',
      from: ['adjudication'],
      to: 'final_review',
      label: { zh: '提交正式报告送审', en: 'Submit final report' },
      permits: [ASSIGNED_LEAD],
      guards: ['all_answers_adjudicated', 'score_changes_have_reasons', 'all_indicators_scored', 'deductions_have_reasons'],
      effects: [
        { type: 'schedule_deadline', deadline: 'final_review' },
        { type: 'notify', to: [TO_BUREAU_ADMIN, TO_BUREAU_OFFICERS], template: 'evaluation.final_report_submitted' },
      ],
    },
    {
      action: 'return_final_report',
      from: ['final_review'],
      to: 'adjudication',
      label: { zh: '退回正式报告修改', en: 'Return final report' },
      permits: [BUREAU_FINANCE],
      requiresComment: true,
      effects: [
        { type: 'cancel_deadline', deadline: 'final_review' },
        { type: 'notify', to: [TO_LEAD], template: 'evaluation.final_report_returned' },
      ],
    },
    {
      action: 'approve_final_report',
      from: ['final_review'],
      to: 'published',
      label: { zh: '审定并发布正式报告', en: 'Approve and publish final report' },
      permits: [BUREAU_FINANCE_ADMIN],
      guards: ['report_number_assigned', 'all_indicators_scored'],
      effects: [
        { type: 'assign_report_number' },
        { type: 'snapshot' },
        { type: 'cancel_deadline', deadline: 'final_review' },
        { type: 'notify', to: [TO_DEPARTMENT, TO_TEAM, TO_BUREAU_OFFICERS], template: 'evaluation.final_report_published' },
      ],
    },
    {
      action: 'start_rectification',
      from: ['published'],
      to: 'rectification',
      label: { zh: '下达整改要求', en: 'Start rectification' },
      permits: [BUREAU_FINANCE],
      effects: [
        { type: 'open_rectification_items' },
        { type: 'schedule_deadline', deadline: 'rectification' },
        { type: 'notify', to: [TO_DEPARTMENT], template: 'evaluation.rectification_started' },
      ],
    },
    {
      action: 'close',
      from: ['published'],
      to: 'closed',
      label: { zh: '办结（无需整改）', en: 'Close (nothing to rectify)' },
      permits: [BUREAU_FINANCE],
      guards: ['no_findings'],
      effects: [{ type: 'notify', to: [TO_DEPARTMENT_HEAD], template: 'evaluation.closed' }],
    },
    closeAfterRectificationTransition(),
    cancelEvaluationTransition(CANCELLABLE, {
      openDeadlines: ['self_evaluation', 'self_evaluation_review', 'fieldwork', 'comment_period', 'final_review'],
      notify: [TO_DEPARTMENT, TO_TEAM],
    }),
  ],
  records: PUBLICATION_RECORDS,
};
