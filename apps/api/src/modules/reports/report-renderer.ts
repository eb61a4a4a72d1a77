import Docxtemplater from 'docxtemplater';
import InspectModule from 'docxtemplater/js/inspect-module.js';
import PizZip from 'pizzip';
import { DomainError, REPORT_PLACEHOLDERS, unknownPlaceholders, type NestedTags } from '@evalflow/domain';

/*
 * Word from templates with docxtemplater (issue 12 §2). Chosen over docx-templates because its tags are logic-less
 * ({name}, {#loop}…{/loop}, {^not}…{/not}): a bureau's uploaded template cannot run code, where docx-templates
 * evaluates JavaScript expressions from the document in a sandbox that is not a security boundary; and because its
 * inspect module lists every tag a template uses, nested by loop, which is what the upload check needs to refuse
 * unknown placeholders by name. Synchronous and fast (a 60-indicator report renders in well under a second, see
 * scripts/bench/report-render.ts), but 100–300 ms of CPU: the app calls it in a worker thread
 * (report-render-client.ts), never on the event loop.
 */

const OPTIONS = { paragraphLoop: true, linebreaks: true, nullGetter: () => '' } as const;

function open(template: Buffer): PizZip {
  try {
    return new PizZip(template);
  } catch {
    throw new DomainError('RULE_VIOLATION', '模板不是有效的 Word（.docx）文件', [{ path: 'file', message: '无法读取该文件' }]);
  }
}

/** docxtemplater's template errors (unclosed tags, a loop closed twice …) as one zh-CN line each. */
function templateErrors(error: unknown): string[] {
  const e = error as { properties?: { errors?: { properties?: { explanation?: string; xtag?: string } }[]; explanation?: string } ; message?: string };
  const list = e.properties?.errors?.map((x) => x.properties?.explanation ?? '') ?? [e.properties?.explanation ?? e.message ?? String(error)];
  return list.filter(Boolean).map((line) => `模板格式错误：${line}`);
}

/** The tags a template uses (nested by loop); a malformed template is a 422 listing what is wrong. */
export function inspectTemplate(template: Buffer): NestedTags {
  const inspect = new InspectModule();
  try {
    new Docxtemplater(open(template), { ...OPTIONS, modules: [inspect] });
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const problems = templateErrors(error);
    throw new DomainError('RULE_VIOLATION', problems[0] ?? '模板格式错误', problems.map((message) => ({ path: 'file', message })));
  }
  if (!open(template).file('word/document.xml')) throw new DomainError('RULE_VIOLATION', '模板不是有效的 Word（.docx）文件', [{ path: 'file', message: '缺少 word/document.xml' }]);
  return inspect.getAllTags() as NestedTags;
}

/** Refuses a template naming anything the report model does not give (422, the names listed), else returns its names. */
export function validateTemplate(template: Buffer): string[] {
  const tags = inspectTemplate(template);
  const unknown = unknownPlaceholders(tags);
  if (unknown.length) {
    throw new DomainError(
      'RULE_VIOLATION',
      `模板中有${unknown.length}个未知的占位符：${unknown.join('、')}`,
      unknown.map((name) => ({ path: 'file', message: `未知的占位符：{${name}}` })),
    );
  }
  // Named as the placeholder list names them: `loop.name` inside a loop; a condition ({#isSelfEvaluation}…) adds no prefix.
  const names = new Set<string>();
  const walk = (level: NestedTags, prefix: string) => {
    for (const [name, inner] of Object.entries(level)) {
      names.add(prefix + name);
      walk(inner ?? {}, REPORT_PLACEHOLDERS[name]?.row ? `${prefix}${name}.` : prefix);
    }
  };
  walk(tags, '');
  return [...names].sort();
}

/** The template filled with one document's data, as .docx bytes. */
export function renderDocx(template: Buffer, data: Record<string, unknown>): Buffer {
  const doc = new Docxtemplater(open(template), OPTIONS);
  doc.render(data);
  return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' }) as Buffer;
}
