// Specs may read files; the library may not. This one keeps docs/lifecycles in step with the definitions.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderLifecycleDoc, renderLifecycleDocs, renderLifecycleIndex } from './lifecycle-doc';
import { toMermaid } from './mermaid';
import { ALL_WORKFLOWS } from './workflows';

const DOCS = resolve(__dirname, '../../../docs/lifecycles');
const REGENERATE = 'npx tsc -b libs/workflow/tsconfig.lib.json && node scripts/generate-diagrams.cjs';

describe.each(ALL_WORKFLOWS.map((d) => [d.id, d] as const))('renderLifecycleDoc(%s)', (_id, definition) => {
  const doc = renderLifecycleDoc(definition);

  it('is deterministic', () => {
    expect(renderLifecycleDoc(definition)).toBe(doc);
  });

  it('has a heading, the diagram, and a row for every state, transition and guard', () => {
    expect(doc.startsWith(`# ${definition.label.zh} · ${definition.label.en}\n`)).toBe(true);
    expect(doc).toContain('```mermaid\n' + toMermaid(definition));
    for (const state of definition.states) expect(doc).toContain(`| \`${state.id}\` | ${state.label.zh} | ${state.label.en} |`);
    for (const t of definition.transitions) expect(doc).toContain(`| \`${t.action}\`<br>${t.label.zh}<br>${t.label.en} | ${t.from.map((s) => `\`${s}\``).join(', ')} | \`${t.to}\` |`);
    for (const guard of definition.guards) expect(doc).toContain(`| \`${guard.id}\` | ${guard.zh} | ${guard.en} |`);
  });
});

describe('the index', () => {
  it('links every lifecycle', () => {
    const index = renderLifecycleIndex();
    for (const d of ALL_WORKFLOWS) expect(index).toContain(`[${d.id}.md](${d.id}.md)`);
  });
});

describe('docs/lifecycles (checked in)', () => {
  const files = renderLifecycleDocs();

  it.each(files.map((f) => [f.fileName, f.content] as const))('%s matches the definitions', (fileName, content) => {
    const onDisk = readFileSync(join(DOCS, fileName), 'utf8');
    if (onDisk !== content) throw new Error(`docs/lifecycles/${fileName} is stale; run: ${REGENERATE}`);
  });

  it('holds no page the generator does not write', () => {
    const present = readdirSync(DOCS).filter((name) => name.endsWith('.md')).sort();
    expect(present).toEqual(files.map((f) => f.fileName).sort());
  });
});
