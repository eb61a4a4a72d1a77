import { ROLE_LABELS } from '@evalflow/domain';
import type { AnyWorkflowDefinition } from './definition.types';
import { DOCUMENT_REQUEST } from './document-request.definition';
import { EVALUATION_KEY } from './evaluation-key.definition';
import { permittedRoles, toMermaid } from './mermaid';
import { ALL_WORKFLOWS } from './workflows';

describe.each(ALL_WORKFLOWS.map((d) => [d.id, d] as const))('toMermaid(%s)', (_id, definition) => {
  const diagram = toMermaid(definition);
  const lines = diagram.trimEnd().split('\n');

  it('is a stateDiagram-v2 and deterministic', () => {
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(toMermaid(definition)).toBe(diagram);
  });

  it('declares every state with its Chinese label', () => {
    for (const state of definition.states) expect(lines).toContain(`  state "${state.label.zh}" as ${state.id}`);
  });

  it('marks the initial and terminal states', () => {
    expect(lines).toContain(`  [*] --> ${definition.initial}`);
    for (const state of definition.terminal) expect(lines).toContain(`  ${state} --> [*]`);
  });

  it('draws one edge per (source state, action), labelled with the action and the roles allowed', () => {
    const edges = lines.filter((line) => / --> /.test(line) && !line.includes('[*]'));
    expect(edges).toHaveLength(definition.transitions.reduce((n, t) => n + t.from.length, 0));
    for (const t of definition.transitions) {
      const roles = permittedRoles(t).map((r) => ROLE_LABELS[r].zh);
      for (const from of t.from) {
        const edge = edges.find((line) => line.startsWith(`  ${from} --> ${t.to} : ${t.label.zh}`));
        expect([t.action, from, edge !== undefined]).toEqual([t.action, from, true]);
        for (const role of roles) expect(edge).toContain(role);
      }
    }
  });
});

describe('toMermaid details', () => {
  it('names only the roles that may fire a transition', () => {
    const approve = toMermaid(EVALUATION_KEY)
      .split('\n')
      .find((line) => line.startsWith('  final_review --> published'));
    expect(approve).toBe('  final_review --> published : 审定并发布正式报告（绩效科负责人）');
  });

  it('keeps Mermaid syntax characters out of labels', () => {
    const tricky: AnyWorkflowDefinition = {
      ...DOCUMENT_REQUEST,
      states: DOCUMENT_REQUEST.states.map((s) => (s.id === 'requested' ? { ...s, label: { zh: '待"提供"', en: 'x' } } : s)),
      transitions: DOCUMENT_REQUEST.transitions.map((t) => (t.action === 'accept' ? { ...t, label: { zh: '确认: 完成; #1 {a}', en: 'x' } } : t)),
    };
    const diagram = toMermaid(tricky);
    expect(diagram).toContain('state "待＂提供＂" as requested');
    expect(diagram).toContain('provided --> accepted : 确认： 完成； ＃1 ｛a｝（评价组组长、评价人员）');
  });
});
