import type { Role } from '@evalflow/domain';
import { applyTransition, type WorkflowActor } from './transition';
import type { Relation } from './vocabulary';
import { validateDefinition } from './validate';
import { WORKING_PAPER, WORKING_PAPER_EDITABLE_STATES } from './working-paper.definition';

const actor = (roles: Role[], relations: Relation[]): WorkflowActor => ({ id: 'u', roles, relations });
const lead = actor(['evaluation_lead'], ['assigned_lead', 'assigned_member']);
const evaluator = actor(['evaluator'], ['assigned_member']);
const otherLead = actor(['evaluation_lead'], []);
const staff = actor(['department_staff'], ['evaluated_department']);
const officer = actor(['finance_officer'], ['commissioning_bureau', 'jurisdiction']);
const auditor = actor(['auditor'], ['jurisdiction']);
const open = { evaluationOpen: true };

describe('the working paper lifecycle (工作底稿复核)', () => {
  it('is a sound definition', () => expect(validateDefinition(WORKING_PAPER)).toEqual([]));

  it('may be edited only while 编制中 or 退回修改', () => expect(WORKING_PAPER_EDITABLE_STATES).toEqual(['draft', 'returned']));

  it.each<[string, string, WorkflowActor, { facts?: object; comment?: string }, string | { refused: string }]>([
    ['draft', 'submit', evaluator, { facts: open }, 'submitted'],
    ['draft', 'submit', lead, { facts: open }, 'submitted'],
    ['draft', 'submit', evaluator, { facts: { evaluationOpen: false } }, { refused: 'guard_failed' }],
    ['draft', 'submit', evaluator, { facts: {} }, { refused: 'guard_failed' }],
    ['draft', 'submit', otherLead, { facts: open }, { refused: 'not_assigned' }],
    ['draft', 'submit', staff, { facts: open }, { refused: 'wrong_role' }],
    ['draft', 'submit', officer, { facts: open }, { refused: 'wrong_role' }],
    ['draft', 'sign_off', lead, { facts: open }, { refused: 'not_available_in_state' }],
    ['submitted', 'sign_off', lead, { facts: open }, 'signed_off'],
    ['submitted', 'sign_off', evaluator, { facts: open }, { refused: 'wrong_role' }],
    ['submitted', 'sign_off', otherLead, { facts: open }, { refused: 'not_assigned' }],
    ['submitted', 'sign_off', auditor, { facts: open }, { refused: 'wrong_role' }],
    ['submitted', 'return', lead, { facts: open, comment: '请补充座谈人员签字' }, 'returned'],
    ['submitted', 'return', lead, { facts: open }, { refused: 'comment_required' }],
    ['submitted', 'return', lead, { facts: open, comment: '   ' }, { refused: 'comment_required' }],
    ['submitted', 'return', evaluator, { facts: open, comment: '退回' }, { refused: 'wrong_role' }],
    ['submitted', 'submit', evaluator, { facts: open }, { refused: 'not_available_in_state' }],
    ['returned', 'submit', evaluator, { facts: open }, 'submitted'],
    ['returned', 'sign_off', lead, { facts: open }, { refused: 'not_available_in_state' }],
    // Frozen: nothing leaves 已复核.
    ['signed_off', 'submit', evaluator, { facts: open }, { refused: 'not_available_in_state' }],
    ['signed_off', 'return', lead, { facts: open, comment: '重新修改' }, { refused: 'not_available_in_state' }],
    ['signed_off', 'sign_off', lead, { facts: open }, { refused: 'not_available_in_state' }],
  ])('%s —%s by %o → %o', (from, action, who, context, expected) => {
    const result = applyTransition(WORKING_PAPER, from, action, who, { facts: context.facts ?? {}, comment: context.comment });
    if (typeof expected === 'string') {
      expect(result.ok && result.next).toBe(expected);
    } else {
      expect(result.ok ? 'ok' : result.refusal.kind).toBe(expected.refused);
    }
  });

  it('keeps a snapshot of what was signed off and tells the lead of a submission', () => {
    const effects = (action: string) => WORKING_PAPER.transitions.find((t) => t.action === action)!.effects.map((e) => e.type);
    expect(effects('sign_off')).toContain('snapshot');
    expect(WORKING_PAPER.transitions.find((t) => t.action === 'submit')!.effects).toEqual([{ type: 'notify', to: [{ relation: 'assigned_lead', roles: ['evaluation_lead'] }], template: 'working_paper.submitted' }]);
  });
});
