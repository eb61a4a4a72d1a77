import { EVALUATION_KEY } from './evaluation-key.definition';
import { EVALUATION_SELF } from './evaluation-self.definition';
import { REVIEW_WORK_HIDDEN_MESSAGE, REVIEW_WORK_SHOWN_TO_DEPARTMENT, reviewWorkVisibleToDepartment } from './evaluation-visibility';

const LIFECYCLES = [
  { kind: 'key' as const, definition: EVALUATION_KEY, opensWith: 'issue_draft_for_comment' },
  { kind: 'self' as const, definition: EVALUATION_SELF, opensWith: 'rate' },
];

describe('reviewWorkVisibleToDepartment: the department sees the reviewers material from the draft for comment (the rating) on', () => {
  it.each([
    ['key', 'draft', false],
    ['key', 'commissioned', false],
    ['key', 'self_evaluation', false],
    ['key', 'self_evaluation_review', false],
    ['key', 'fieldwork', false],
    ['key', 'draft_review', false],
    ['key', 'draft_for_comment', true],
    ['key', 'adjudication', true],
    ['key', 'final_review', true],
    ['key', 'published', true],
    ['key', 'rectification', true],
    ['key', 'closed', true],
    ['key', 'cancelled', false],
    ['self', 'self_evaluation', false],
    ['self', 'submitted', false],
    ['self', 'review', false],
    ['self', 'rectification', true],
    ['self', 'closed', true],
    ['self', 'cancelled', false],
  ] as const)('%s in %s → %s', (kind, state, visible) => {
    expect(reviewWorkVisibleToDepartment(kind, state)).toBe(visible);
  });

  it.each(LIFECYCLES)('$kind: the shown states are states of the lifecycle', ({ kind, definition }) => {
    const states = definition.states.map((s) => s.id as string);
    for (const state of REVIEW_WORK_SHOWN_TO_DEPARTMENT[kind]) expect(states).toContain(state);
  });

  it.each(LIFECYCLES)('$kind: only $opensWith leads from a hidden state into a shown one, and nothing shown goes back to hidden (except cancelling)', ({ kind, definition, opensWith }) => {
    for (const transition of definition.transitions) {
      for (const from of transition.from) {
        const before = reviewWorkVisibleToDepartment(kind, from);
        const after = reviewWorkVisibleToDepartment(kind, transition.to);
        if (!before && after) expect(transition.action).toBe(opensWith);
        if (before && transition.action !== 'cancel') expect(after).toBe(true);
      }
    }
  });

  it('says in plain Chinese when the material is published', () => {
    expect(REVIEW_WORK_HIDDEN_MESSAGE.key).toContain('征求意见稿');
    expect(REVIEW_WORK_HIDDEN_MESSAGE.self).toContain('评定审核等级');
  });
});
