import { ROLES, ROLE_LABELS, type Role } from '@evalflow/domain';
import type { AnyWorkflowDefinition, TransitionDefinition } from './definition.types';

/** Characters Mermaid reads as syntax inside labels, swapped for their full-width forms (labels are Chinese anyway). */
function mermaidText(text: string): string {
  return text.replace(/[:;#"<>{}]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** Roles that may fire a transition, once each, in the canonical role order. */
export function permittedRoles(transition: TransitionDefinition): Role[] {
  const roles = new Set(transition.permits.flatMap((permit) => permit.roles));
  return ROLES.filter((role) => roles.has(role));
}

/**
 * The definition as a Mermaid `stateDiagram-v2`: states labelled in Chinese, one edge per (source state, action)
 * labelled with the action and the roles that may fire it. Output depends only on the definition, line order
 * following the definition, so regenerating an unchanged definition changes nothing.
 */
export function toMermaid(definition: AnyWorkflowDefinition): string {
  const lines = ['stateDiagram-v2', `  %% ${definition.id}: generated from libs/workflow, do not edit by hand`];
  for (const state of definition.states) lines.push(`  state "${mermaidText(state.label.zh)}" as ${state.id}`);
  lines.push(`  [*] --> ${definition.initial}`);
  for (const transition of definition.transitions) {
    const roles = transition.system
      ? '系统，期限届满时'
      : permittedRoles(transition)
          .map((role) => ROLE_LABELS[role].zh)
          .join('、');
    const label = mermaidText(`${transition.label.zh}（${roles}）`);
    for (const from of transition.from) lines.push(`  ${from} --> ${transition.to} : ${label}`);
  }
  for (const state of definition.terminal) lines.push(`  ${state} --> [*]`);
  return `${lines.join('\n')}\n`;
}
