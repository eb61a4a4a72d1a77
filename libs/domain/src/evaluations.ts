/**
 * Evaluation vocabulary shared by API, web and the workflow definitions: kinds, scopes and the stage deadlines a
 * commission sets. The lifecycles themselves (states, transitions) are data in libs/workflow.
 */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** 评价类型: key / third-party evaluation, or the department's self-evaluation only (DOMAIN §1). */
export const EVALUATION_KINDS = ['key', 'self'] as const;
export type EvaluationKind = (typeof EVALUATION_KINDS)[number];
export const EVALUATION_KIND_LABELS: Record<EvaluationKind, Bilingual> = {
  key: { zh: '重点绩效评价（第三方评价）', en: 'Key / third-party evaluation' },
  self: { zh: '部门绩效自评', en: 'Self-evaluation' },
};

/** 评价范围: a department's whole expenditure, or one project. */
export const EVALUATION_SCOPES = ['department_whole', 'project'] as const;
export type EvaluationScope = (typeof EVALUATION_SCOPES)[number];
export const EVALUATION_SCOPE_LABELS: Record<EvaluationScope, Bilingual> = {
  department_whole: { zh: '部门整体支出', en: 'Whole department expenditure' },
  project: { zh: '项目支出', en: 'Project expenditure' },
};

/**
 * Deadlines the workflow schedules and cancels. The dates themselves are settings of the commission
 * (DOMAIN §7: "every such period is a setting of the commission, not a constant in code"); the API resolves a key
 * to a date, and cancelling a deadline that is not scheduled is a no-op.
 */
export const DEADLINE_KEYS = [
  'self_evaluation',
  'self_evaluation_review',
  'fieldwork',
  'comment_period',
  'final_review',
  'rectification',
  'document_request',
  'rectification_plan',
  'rectification_due',
] as const;
export type DeadlineKey = (typeof DEADLINE_KEYS)[number];

export const DEADLINE_LABELS: Record<DeadlineKey, Bilingual> = {
  self_evaluation: { zh: '自评报送期限', en: 'self-evaluation due' },
  self_evaluation_review: { zh: '自评审核期限', en: 'self-evaluation review due' },
  fieldwork: { zh: '现场评价期限', en: 'fieldwork due' },
  comment_period: { zh: '征求意见期限', en: 'comment period ends' },
  final_review: { zh: '正式报告审定期限', en: 'final review due' },
  rectification: { zh: '整改期限', en: 'rectification due' },
  document_request: { zh: '资料提供期限', en: 'document due' },
  rectification_plan: { zh: '整改措施报送期限', en: 'rectification plan due' },
  rectification_due: { zh: '整改完成期限', en: 'rectification item due' },
};

/**
 * The stage deadlines a commission of each kind must set (the `deadlines_set` guard), in stage order: each date may
 * not fall before the one of the stage before it. Item deadlines (document requests, rectification items) are set
 * per item, not by the commission.
 */
export const STAGE_DEADLINES: Record<EvaluationKind, readonly DeadlineKey[]> = {
  key: ['self_evaluation', 'self_evaluation_review', 'fieldwork', 'comment_period', 'final_review', 'rectification'],
  self: ['self_evaluation', 'self_evaluation_review', 'rectification'],
};

/** 自评报告 narrative sections (DOMAIN §2.2), in the order the report prints them. */
export const NARRATIVE_SECTIONS = ['overview', 'goals', 'outputs', 'problems', 'improvements'] as const;
export type NarrativeSection = (typeof NARRATIVE_SECTIONS)[number];
export const NARRATIVE_SECTION_LABELS: Record<NarrativeSection, Bilingual> = {
  overview: { zh: '部门概况', en: 'Department overview' },
  goals: { zh: '绩效目标', en: 'Performance goals' },
  outputs: { zh: '产出与效益', en: 'Outputs and outcomes' },
  problems: { zh: '存在的问题', en: 'Problems' },
  improvements: { zh: '改进措施', en: 'Improvements' },
};

/** A department's answer to a finding of the draft (反馈意见), and the team's adjudication of it. */
export const FINDING_ANSWERS = ['accepted', 'disputed'] as const;
export type FindingAnswer = (typeof FINDING_ANSWERS)[number];
export const FINDING_ADJUDICATIONS = ['upheld', 'revised', 'withdrawn'] as const;
export type FindingAdjudication = (typeof FINDING_ADJUDICATIONS)[number];
