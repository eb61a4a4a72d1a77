import type { FindingAdjudication, FindingAnswer } from '@evalflow/domain';
import type { Label, Permit, Recipient } from './definition.types';
import { TO_DEPARTMENT, TO_DEPARTMENT_HEAD, TO_TEAM } from './parties';

/*
 * Stage work that another party waits on without a transition telling them: the department's answer to a finding
 * (the team adjudicates it), the team's adjudication (the department learns the outcome), and the staff's hand-over
 * of a filled self-evaluation (only the head may approve and submit it, see submitSelfEvaluationTransition). The API
 * writes each as an outbox notice in the transaction of the write, like a transition's notify effect.
 */
export type WorkNoticeKind = 'finding_answered' | 'finding_adjudicated' | 'self_evaluation_ready';

export interface WorkNoticeDefinition {
  readonly label: Label;
  readonly to: readonly Recipient[];
  /** The tab of the evaluation page the notice opens. */
  readonly tab: 'findings' | 'self-evaluation';
}

export const WORK_NOTICES: Readonly<Record<WorkNoticeKind, WorkNoticeDefinition>> = {
  finding_answered: { label: { zh: '被评价部门已反馈意见', en: 'The department answered a finding' }, to: [TO_TEAM], tab: 'findings' },
  finding_adjudicated: { label: { zh: '评价组已处理反馈意见', en: 'The team adjudicated an answer' }, to: [TO_DEPARTMENT], tab: 'findings' },
  self_evaluation_ready: { label: { zh: '自评已填报完成，提请负责人审核报送', en: 'Self-evaluation ready for the head to approve' }, to: [TO_DEPARTMENT_HEAD], tab: 'self-evaluation' },
};

/** Department staff hand the filled form to the head (提请负责人审核); the head approves by submitting it. */
export const DEPARTMENT_STAFF: Permit = { roles: ['department_staff'], relation: 'evaluated_department' };

export const FINDING_ANSWER_TEXT: Readonly<Record<FindingAnswer, string>> = { accepted: '认可', disputed: '有异议' };
export const FINDING_ADJUDICATION_TEXT: Readonly<Record<FindingAdjudication, string>> = { upheld: '维持原问题', revised: '修改问题', withdrawn: '撤销问题' };

/** The line a notice carries about the finding: number, title, and what was said about it. */
export function findingNoticeDetail(finding: { seq: number; title: string }, said: string, text?: string | null): string {
  return `问题${finding.seq}「${finding.title}」：${said}${text ? `——${text}` : ''}`;
}
