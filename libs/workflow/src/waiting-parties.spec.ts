import type { Role } from '@evalflow/domain';
import { DOCUMENT_REQUEST } from './document-request.definition';
import { EVALUATION_KEY } from './evaluation-key.definition';
import { EVALUATION_SELF } from './evaluation-self.definition';
import { RECTIFICATION_ITEM } from './rectification-item.definition';
import { WORKING_PAPER } from './working-paper.definition';
import { NOT_WAITING_ACTIONS, waitedOnRelations, waitingParties } from './waiting-parties';
import { ALL_WORKFLOWS } from './workflows';
import type { AnyWorkflowDefinition } from './definition.types';

/*
 * Who each state waits on, written out by hand: `relation[roles] actions / work` per party, in the definition's order.
 * A definition change that moves work to another party (or makes `cancel` a task) breaks this table.
 */
const BUREAU = 'commissioning_bureau[finance_admin,finance_officer]';
const DEPT = 'evaluated_department[department_head,department_staff]';
const HEAD = 'evaluated_department[department_head]';
const TEAM = 'assigned_member[evaluation_lead,evaluator]';
const LEAD = 'assigned_lead[evaluation_lead]';
const OWNER = 'item_owner[department_head,department_staff]';
const AUDITOR = 'jurisdiction[auditor]';

const FILL = '填报自评表、预算执行数据和自评报告';
const RECTIFY = '落实整改并报送整改情况';

const EVALUATION_SHARED: [string, string[]][] = [
  ['draft', [`${BUREAU} commission /`]],
  ['commissioned', [`${DEPT} start_self_evaluation /`]],
  ['self_evaluation', [`${DEPT} / ${FILL}`, `${HEAD} submit_self_evaluation /`]],
  ['rectification', [`${DEPT} / ${RECTIFY}`, `${BUREAU} close /`]],
  ['closed', []],
  ['cancelled', []],
];

const TABLE: [AnyWorkflowDefinition, [string, string[]][]][] = [
  [
    EVALUATION_KEY,
    [
      ...EVALUATION_SHARED,
      ['self_evaluation_review', [`${BUREAU} return_self_evaluation,accept_self_evaluation /`]],
      ['fieldwork', [`${TEAM} / 现场评价：逐项评分并记录问题`, `${LEAD} submit_draft /`]],
      ['draft_review', [`${BUREAU} return_draft,issue_draft_for_comment /`, `${LEAD} return_draft /`]],
      ['draft_for_comment', [`${DEPT} / 对评价报告初稿逐条反馈意见`, `${LEAD} start_adjudication /`]],
      ['adjudication', [`${TEAM} / 逐条处理部门反馈意见`, `${LEAD} submit_final_report /`]],
      ['final_review', [`${BUREAU} return_final_report / 审定正式报告并编制文号`, 'commissioning_bureau[finance_admin] approve_final_report /']],
      ['published', [`${BUREAU} start_rectification,close /`]],
    ],
  ],
  [
    EVALUATION_SELF,
    [
      ...EVALUATION_SHARED,
      ['submitted', [`${BUREAU} start_review,return_self_evaluation /`]],
      ['review', [`${BUREAU} return_self_evaluation,rate / 填写审核意见并评定等级`]],
    ],
  ],
  [
    RECTIFICATION_ITEM,
    [
      // carry_over (open … returned) and reopen (verified) are decisions, never waiting work.
      ['open', [`${DEPT} submit_plan /`]],
      ['plan_submitted', [`${OWNER} report_progress /`, `${HEAD} report_progress /`]],
      ['in_progress', [`${OWNER} report_progress,submit_for_verification /`, `${HEAD} report_progress,submit_for_verification /`]],
      ['submitted_for_verification', [`${AUDITOR} verify,verify_partly,return /`, `${BUREAU} verify,verify_partly,return /`]],
      ['returned', [`${OWNER} report_progress /`, `${HEAD} report_progress /`]],
      ['partly_rectified', [`${OWNER} report_progress /`, `${HEAD} report_progress /`]],
      ['verified', []],
      ['carried_over', []],
    ],
  ],
  [
    DOCUMENT_REQUEST,
    [
      // The owner's and the head's (who alone answers an item without an owner), not every department user's.
      ['requested', [`${OWNER} provide,provide_partly,decline /`, `${HEAD} provide,provide_partly,decline /`]],
      ['returned', [`${OWNER} provide,provide_partly,decline /`, `${HEAD} provide,provide_partly,decline /`]],
      ['provided', [`${TEAM} accept,return /`]],
      ['partly_provided', [`${TEAM} accept,return /`]],
      ['not_provided', [`${TEAM} accept,return /`]],
      ['accepted', []],
    ],
  ],
  [
    WORKING_PAPER,
    [
      // 复核 is the lead's task; a draft and a returned paper wait on the team to (re)submit it.
      ['draft', [`${TEAM} submit /`]],
      ['submitted', [`${LEAD} sign_off,return /`]],
      ['signed_off', []],
      ['returned', [`${TEAM} submit /`]],
    ],
  ],
];

const show = (definition: AnyWorkflowDefinition, state: string) =>
  waitingParties(definition, state).map(
    (party) => `${party.relation}[${party.roles.join(',')}] ${party.labels.actions.map((a) => a.action).join(',')}${party.labels.actions.length ? ' ' : ''}/${party.labels.work.map((w) => ` ${w.zh}`).join('')}`,
  );

describe('waitingParties', () => {
  const rows = TABLE.flatMap(([definition, states]) => states.map(([state, parties]) => [definition.id, state, parties, definition] as const));

  it.each(rows)('%s in %s waits on %j', (_id, state, parties, definition) => {
    expect(show(definition, state)).toEqual(parties);
  });

  it('the table covers every state of every lifecycle', () => {
    for (const definition of ALL_WORKFLOWS) {
      const listed = TABLE.find(([d]) => d === definition)![1].map(([state]) => state).sort();
      expect(listed).toEqual(definition.states.map((s) => s.id).sort());
    }
  });

  it('never waits on an excluded action, and a terminal state waits on nobody', () => {
    for (const definition of ALL_WORKFLOWS) {
      for (const state of definition.states) {
        const parties = waitingParties(definition, state.id);
        for (const party of parties) for (const { action } of party.labels.actions) expect(NOT_WAITING_ACTIONS[definition.id]).not.toContain(action);
        if (definition.terminal.includes(state.id)) expect(parties).toEqual([]);
      }
    }
  });

  it('carries the labels of the definition', () => {
    const [party] = waitingParties(RECTIFICATION_ITEM, 'open');
    expect(party.labels).toEqual({ actions: [{ action: 'submit_plan', label: { zh: '报送整改措施', en: 'Submit plan' } }], work: [] });
  });
});

describe('waitedOnRelations', () => {
  it.each([
    [['finance_officer'], ['commissioning_bureau']],
    [['finance_admin'], ['commissioning_bureau']],
    [['department_staff'], ['evaluated_department', 'item_owner']],
    [['department_head'], ['evaluated_department', 'item_owner']],
    [['evaluator'], ['assigned_member']],
    [['evaluation_lead'], ['assigned_lead', 'assigned_member']],
    [['auditor'], ['jurisdiction']],
    [['system_admin'], []],
    [['auditor', 'finance_officer'], ['commissioning_bureau', 'jurisdiction']],
  ] as [Role[], string[]][])('%j: %j', (roles, relations) => {
    expect(waitedOnRelations(roles)).toEqual(relations);
  });
});
