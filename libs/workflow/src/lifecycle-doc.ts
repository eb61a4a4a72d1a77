import { ROLES, ROLE_LABELS } from '@evalflow/domain';
import type { AnyWorkflowDefinition, Effect, Recipient } from './definition.types';
import { toMermaid } from './mermaid';
import { DEADLINE_KEYS, DEADLINE_LABELS, RELATIONS, RELATION_LABELS } from './vocabulary';
import { ALL_WORKFLOWS } from './workflows';

const GENERATED_NOTICE =
  '<!-- Generated from libs/workflow by `npm run diagrams` (scripts/generate-diagrams.cjs). Do not edit by hand. -->';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}

function code(text: string): string {
  return `\`${text}\``;
}

function recipients(to: readonly Recipient[]): string {
  return to.map((r) => `${r.roles.join(', ')} @ ${r.relation}`).join('; ');
}

function effectText(effect: Effect): string {
  switch (effect.type) {
    case 'notify':
      return `notify ${recipients(effect.to)} (${code(effect.template)})`;
    case 'schedule_deadline':
      return `schedule deadline ${code(effect.deadline)}`;
    case 'cancel_deadline':
      return `cancel deadline ${code(effect.deadline)}`;
    case 'snapshot':
      return 'snapshot';
    case 'open_rectification_items':
      return 'open rectification items';
    case 'freeze_scores':
      return 'freeze scores (baseline of the draft for comment)';
    case 'propose_document_finding':
      return 'propose a finding (资料未提供)';
    case 'obsolete_document_finding':
      return 'make the open 资料未提供 proposal obsolete';
    case 'record_no_objection':
      return 'record every unanswered finding as 无异议 (no objection)';
    case 'assign_report_number':
      return "assign the issuer's next document number (文号) unless one was typed";
  }
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}

/** One lifecycle as Markdown: heading, diagram, states, transitions, guards. Deterministic. */
export function renderLifecycleDoc(definition: AnyWorkflowDefinition): string {
  const hasTimers = definition.states.some((s) => (s.timers ?? []).length > 0);
  const lines: string[] = [
    `# ${definition.label.zh} · ${definition.label.en}`,
    '',
    GENERATED_NOTICE,
    '',
    `Workflow ${code(definition.id)}; initial state ${code(definition.initial)}; terminal states ${definition.terminal.map(code).join(', ')}.`,
    '',
    '```mermaid',
    toMermaid(definition).trimEnd(),
    '```',
    '',
    '## States',
    '',
    ...table(
      ['state', '中文', 'English', 'kind', ...(hasTimers ? ['timers'] : [])],
      definition.states.map((s) => [
        code(s.id),
        s.label.zh,
        s.label.en,
        [s.id === definition.initial ? 'initial' : '', definition.terminal.includes(s.id) ? 'terminal' : ''].filter(Boolean).join(', '),
        ...(hasTimers ? [(s.timers ?? []).map((t) => `when ${code(t.deadline)} has passed, the system fires ${code(t.action)} (once)`).join('<br>')] : []),
      ]),
    ),
    '',
    '## Transitions',
    '',
    'Any one line of "who" suffices: the actor holds one of the roles and stands in the relation. system_admin holds no workflow power.',
    '',
    ...table(
      ['action', 'from', 'to', 'who (roles @ relation)', 'guards (all must hold)', 'comment', 'parameters', 'effects'],
      definition.transitions.map((t) => [
        `${code(t.action)}<br>${t.label.zh}<br>${t.label.en}`,
        t.from.map(code).join(', '),
        code(t.to),
        t.system ? `the system, when the timer of ${t.from.map(code).join(', ')} runs out` : t.permits.map((p) => `${p.roles.join(', ')} @ ${p.relation}`).join('<br>'),
        (t.guards ?? []).map(code).join('<br>'),
        t.requiresComment ? 'required' : '',
        Object.entries(t.parameters ?? {})
          .map(([name, p]) => `${code(name)} (${p.label.zh}): ${p.options.map((o) => `${o.value} ${o.zh}`).join(', ')}`)
          .join('<br>'),
        t.effects.map(effectText).join('<br>'),
      ]),
    ),
    '',
    ...((definition.records ?? []).length > 0
      ? ['## Acts recorded without a transition', '', ...table(['action', '中文', 'English'], (definition.records ?? []).map((r) => [code(r.action), r.label.zh, r.label.en])), '']
      : []),
    '## Guards',
    '',
    'Guards read facts the API computes for the aggregate; a missing fact fails the guard.',
    '',
    ...table(
      ['guard', '中文', 'English', 'facts read'],
      definition.guards.map((g) => [code(g.id), g.zh, g.en, g.reads.map(code).join(', ')]),
    ),
    '',
  ];
  return lines.join('\n');
}

/** The index page: every lifecycle, and the vocabulary the definitions share. */
export function renderLifecycleIndex(definitions: readonly AnyWorkflowDefinition[] = ALL_WORKFLOWS): string {
  const lines: string[] = [
    '# Lifecycles · 业务流程',
    '',
    GENERATED_NOTICE,
    '',
    'Each lifecycle is a declarative definition in `libs/workflow` (ARCHITECTURE rule 1); these pages are generated from',
    'them. Regenerate with `npx tsc -b libs/workflow/tsconfig.lib.json && node scripts/generate-diagrams.cjs`;',
    'CI runs the script with `--check` and fails when a page is stale.',
    '',
    ...table(
      ['workflow', '名称', 'English', 'states', 'transitions', 'page'],
      definitions.map((d) => [code(d.id), d.label.zh, d.label.en, String(d.states.length), String(d.transitions.length), `[${d.id}.md](${d.id}.md)`]),
    ),
    '',
    '## Relations',
    '',
    'How an actor stands to the aggregate; the API computes them per request.',
    '',
    ...table(['relation', '中文', 'English'], RELATIONS.map((r) => [code(r), RELATION_LABELS[r].zh, RELATION_LABELS[r].en])),
    '',
    '## Roles',
    '',
    ...table(['role', '中文', 'English'], ROLES.map((r) => [code(r), ROLE_LABELS[r].zh, ROLE_LABELS[r].en])),
    '',
    'system_admin administers the system, not evaluations: no transition names it.',
    '',
    '## Deadlines',
    '',
    'The dates are settings of each commission; the workflow only schedules and cancels them by key.',
    '',
    ...table(['deadline', '中文', 'English'], DEADLINE_KEYS.map((k) => [code(k), DEADLINE_LABELS[k].zh, DEADLINE_LABELS[k].en])),
    '',
  ];
  return lines.join('\n');
}

export interface LifecycleDocFile {
  /** Relative to docs/lifecycles. */
  readonly fileName: string;
  readonly content: string;
}

/** Every page of docs/lifecycles, as the generator writes it and the docs spec compares it. */
export function renderLifecycleDocs(definitions: readonly AnyWorkflowDefinition[] = ALL_WORKFLOWS): LifecycleDocFile[] {
  return [
    { fileName: 'README.md', content: renderLifecycleIndex(definitions) },
    ...definitions.map((d) => ({ fileName: `${d.id}.md`, content: renderLifecycleDoc(d) })),
  ];
}
