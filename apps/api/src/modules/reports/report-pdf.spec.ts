import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assembleReportModel, reportTemplateData, type FrameworkNode } from '@evalflow/domain';
import { builtinTemplateDocx } from './builtin-template';
import { reportHtml } from './report-html';
import { ReportPdfService } from './report-pdf.service';
import { renderDocx } from './report-renderer';

/*
 * The final report's PDF (issue 12 §3): the HTML rendering has every section, the findings with their
 * recommendations, the score table, the number; escaped. With an engine on the machine (LibreOffice or Chromium), a
 * real conversion: a PDF whose fonts are embedded, a CJK one among them (pdffonts, when poppler-utils is installed).
 */
const node = (code: string, name: string, weight: number): FrameworkNode => {
  const parts = code.split('.');
  return { code, name, weight, level: parts.length as 1 | 2 | 3, parentCode: parts.length === 1 ? null : parts.slice(0, -1).join('.') };
};

const model = assembleReportModel({
  evaluation: {
    id: '00000000-0000-4000-8000-000000000001',
    reference: 'PJ-2025-001',
    kind: 'key',
    scope: 'department_whole',
    title: '某局2025年度部门整体支出绩效评价<script>',
    projectName: null,
    fiscalYear: 2025,
    departmentName: '某局',
    commissioningOrganisationName: '某市财政局',
    evaluatorOrganisationName: '某评价公司',
    frameworkName: '部门整体支出指标体系',
    frameworkVersion: 1,
    legalBasis: '《中华人民共和国预算法》',
    reportNumber: '长财绩评〔2026〕1号',
  },
  nodes: [node('1', '决策', 40), node('1.1', '目标设定', 40), node('1.1.1', '目标明确性', 40), node('2', '效益', 60), node('2.1', '满意度', 60), node('2.1.1', '服务对象满意度', 60)],
  entries: [
    { code: '1.1.1', target: null, actual: null, selfScore: 40, deviationReason: null, score: 38, deductionReason: '目标不够细化', changeReason: null },
    { code: '2.1.1', target: '90%', actual: '95%', selfScore: 60, deviationReason: null, score: 55.5, deductionReason: '满意度调查样本不足', changeReason: null },
  ],
  findings: [
    { seq: 1, category: '预算管理', title: '预算编制不够细化', description: '部分项目未细化到具体支出', causeAnalysis: '编制依据不足', recommendation: '按项目细化预算', indicatorCode: null, answer: null, answerText: null, adjudication: null, adjudicationReason: null },
  ],
  narrative: { overview: '部门概况文字', goals: '绩效目标文字', outputs: '产出文字' },
  budget: null,
  priorYear: [],
} as Parameters<typeof assembleReportModel>[0]);

describe('the report as HTML (for the PDF)', () => {
  const html = reportHtml(model, '长财绩评〔2026〕1号');

  it.each(['一、评价依据和方法', '二、部门概况', '三、预算配置、管理和使用情况', '四、绩效目标', '五、产出与效益', '六、上年度问题整改情况', '七、存在的问题', '八、评价结论', '九、评分表'])('has section %s', (heading) => {
    expect(html).toContain(heading);
  });

  it('has the findings with cause and recommendation, the score table with reasons, the total and grade, the number; escaped', () => {
    expect(html).toContain('预算编制不够细化');
    expect(html).toContain('按项目细化预算');
    expect(html).toContain('满意度调查样本不足');
    expect(html).toContain('93.5');
    expect(html).toContain(model.conclusion.gradeLabel!);
    expect(html).toContain('长财绩评〔2026〕1号');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('a self-evaluation’s report as HTML', () => {
  const self = assembleReportModel({
    ...(model as unknown as Parameters<typeof assembleReportModel>[0]),
    evaluation: { ...model.evaluation, kind: 'self', evaluatorOrganisationName: null, reportNumber: null, legalBasis: null, reviewOpinion: '自评资料完整', rating: 'fair' },
    nodes: [{ code: '1', name: '决策', weight: 100, level: 1, parentCode: null }, { code: '1.1', name: '目标', weight: 100, level: 2, parentCode: '1' }, { code: '1.1.1', name: '目标明确性', weight: 100, level: 3, parentCode: '1.1' }],
    entries: [{ code: '1.1.1', target: '≥95%', actual: '96%', selfScore: 97, deviationReason: null, score: null, deductionReason: null, changeReason: null }],
    findings: [],
    narrative: { problems: '预算编制不够精细' },
    budget: null,
    priorYear: [],
  } as Parameters<typeof assembleReportModel>[0]);
  const html = reportHtml(self, null);

  it('has its own sections, the 自评表 and total, the rating and 审核意见, and no 评分表', () => {
    for (const expected of ['七、存在的问题及改进措施', '预算编制不够精细', '八、自评结论', '自评得分：97分', '九、财政审核意见', '审核等级：中', '自评资料完整', '十、自评表', '≥95%', '绩效自评报告']) expect(html).toContain(expected);
    expect(html).not.toContain('评分表');
  });
});

const service = new ReportPdfService(null as never, null as never, null as never, { REPORT_PDF: 'auto' });

describe('the PDF', () => {
  it('is made by the engine this machine has, with a CJK font embedded', async () => {
    const engine = await service.engine();
    if (!engine) return; // neither LibreOffice nor Chromium here: nothing to convert with (the public page says so)
    // LibreOffice converts the final .docx the built-in template makes; Chromium prints the HTML of the same model.
    const docx = engine.engine === 'libreoffice' ? renderDocx(builtinTemplateDocx(), reportTemplateData(model, { kind: 'final', reportNumber: '长财绩评〔2026〕1号', date: '2026-12-01T00:00:00Z' })) : Buffer.alloc(0);
    const { bytes, engine: used } = await service.convert(docx, model, '长财绩评〔2026〕1号');
    expect(used).toBe(engine.engine);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pdffonts = ['/usr/bin/pdffonts', '/usr/local/bin/pdffonts'].find((p) => existsSync(p));
    if (!pdffonts) return;
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'pdf-spec-')), 'report.pdf');
    writeFileSync(file, bytes);
    const fonts = execFileSync(pdffonts, [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    // name type encoding emb sub uni object ID: every font embedded, a CJK one among them.
    for (const line of fonts) expect(line).toMatch(/\s+yes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/);
    expect(fonts.some((line) => /WenQuanYi|Noto|CJK|Han|Sim|Hei|Song/i.test(line))).toBe(true);
  }, 120_000);
});
