import type { GuardDefinition, StateDefinition, WorkflowDefinition } from './definition.types';
import { factIsTrue } from './guards';
import { ASSIGNED_LEAD, ASSIGNED_TEAM, TO_LEAD, TO_TEAM } from './parties';

/*
 * One working paper (工作底稿), issue 11 §3: a team member writes it (编制中) and submits it for review (待复核); the
 * evaluation's lead reviews it (复核) and signs it off (已复核) or returns it with the reason (退回修改), after which the
 * team corrects it and submits it again. A signed-off paper is frozen: it is the record the report rests on, kept
 * true and complete (DOMAIN §8, 财监〔2021〕4号), and the sign-off keeps a snapshot of what was signed.
 */

export type WorkingPaperFacts = {
  /** The evaluation is still in the stages where the team writes working papers (fieldwork up to the final review). */
  evaluationOpen: boolean;
};

export const WORKING_PAPER_GUARDS = [
  {
    id: 'evaluation_open',
    zh: '评价处于现场评价或报告起草阶段',
    en: 'the evaluation is in fieldwork or its report is being drafted',
    reads: ['evaluationOpen'],
    test: (f) => factIsTrue(f.evaluationOpen),
  },
] as const satisfies readonly GuardDefinition<string, WorkingPaperFacts>[];
export type WorkingPaperGuardId = (typeof WORKING_PAPER_GUARDS)[number]['id'];

export const WORKING_PAPER_STATES = [
  { id: 'draft', label: { zh: '编制中', en: 'Draft' } },
  { id: 'submitted', label: { zh: '待复核', en: 'Submitted for review' } },
  { id: 'signed_off', label: { zh: '已复核', en: 'Signed off' } },
  { id: 'returned', label: { zh: '退回修改', en: 'Returned' } },
] as const satisfies readonly StateDefinition[];
export type WorkingPaperState = (typeof WORKING_PAPER_STATES)[number]['id'];

export const WORKING_PAPER_ACTIONS = ['submit', 'sign_off', 'return'] as const;
export type WorkingPaperAction = (typeof WORKING_PAPER_ACTIONS)[number];

/** The states in which the paper's content may change; after sign-off it is frozen. */
export const WORKING_PAPER_EDITABLE_STATES: readonly WorkingPaperState[] = ['draft', 'returned'];

export const WORKING_PAPER: WorkflowDefinition<WorkingPaperState, WorkingPaperAction, WorkingPaperGuardId, WorkingPaperFacts> = {
  id: 'working_paper',
  label: { zh: '工作底稿', en: 'Working paper' },
  states: WORKING_PAPER_STATES,
  initial: 'draft',
  terminal: ['signed_off'],
  actions: WORKING_PAPER_ACTIONS,
  guards: WORKING_PAPER_GUARDS,
  transitions: [
    {
      action: 'submit',
      from: WORKING_PAPER_EDITABLE_STATES,
      to: 'submitted',
      label: { zh: '提交复核', en: 'Submit for review' },
      permits: [ASSIGNED_TEAM],
      guards: ['evaluation_open'],
      effects: [{ type: 'notify', to: [TO_LEAD], template: 'working_paper.submitted' }],
    },
    {
      action: 'sign_off',
      from: ['submitted'],
      to: 'signed_off',
      label: { zh: '复核通过', en: 'Sign off' },
      permits: [ASSIGNED_LEAD],
      effects: [{ type: 'snapshot' }, { type: 'notify', to: [TO_TEAM], template: 'working_paper.signed_off' }],
    },
    {
      action: 'return',
      from: ['submitted'],
      to: 'returned',
      label: { zh: '退回修改', en: 'Return for changes' },
      permits: [ASSIGNED_LEAD],
      requiresComment: true,
      effects: [{ type: 'notify', to: [TO_TEAM], template: 'working_paper.returned' }],
    },
  ],
};
