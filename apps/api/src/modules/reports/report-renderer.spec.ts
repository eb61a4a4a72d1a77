import PizZip from 'pizzip';
import { assembleReportModel, reportTemplateData, type ReportInputs } from '@evalflow/domain';
import { builtinTemplateDocx } from './builtin-template';
import { renderDocx, validateTemplate } from './report-renderer';

const inputs: ReportInputs = {
  evaluation: {
    id: 'e1', reference: 'PJ-1', kind: 'key', scope: 'department_whole', title: '评价', projectName: null, fiscalYear: 2025, departmentName: '某局',
    commissioningOrganisationName: '某市财政局', evaluatorOrganisationName: '某评价公司', frameworkName: '指标体系', frameworkVersion: 1, legalBasis: '《预算法》', reportNumber: '长财绩评〔2026〕7号',
  },
  nodes: [
    { code: '1', name: '决策', weight: 100, level: 1, parentCode: null },
    { code: '1.1', name: '目标设定', weight: 100, level: 2, parentCode: '1' },
    { code: '1.1.1', name: '目标明确性', weight: 100, level: 3, parentCode: '1.1' },
  ],
  entries: [{ code: '1.1.1', target: null, actual: null, selfScore: null, deviationReason: null, score: 88.5, deductionReason: '目标未细化量化', changeReason: null }],
  findings: [{ seq: 1, category: null, title: '绩效目标不够细化', description: '描述', causeAnalysis: '剖析', recommendation: '细化绩效目标', indicatorCode: '1.1.1', answer: null, answerText: null, adjudication: null, adjudicationReason: null }],
  narrative: { overview: '概况' },
  budget: null,
  priorYear: [],
};

const textOf = (docx: Buffer, part = 'word/document.xml') => new PizZip(docx).file(part)!.asText().replace(/<[^>]+>/g, '');

describe('built-in report template', () => {
  it('uses only known placeholders', () => {
    expect(validateTemplate(builtinTemplateDocx())).toEqual(expect.arrayContaining(['reportTitle', 'scoreRows', 'scoreRows.reason', 'findings.recommendation']));
  });

  it.each([
    ['draft', false, true],
    ['final', true, false],
  ] as const)('%s: number printed %s, 征求意见稿 header %s', (kind, numbered, marked) => {
    const model = assembleReportModel(inputs);
    const docx = renderDocx(builtinTemplateDocx(), reportTemplateData(model, { kind, reportNumber: model.evaluation.reportNumber, date: '2026-03-01' }));
    const text = textOf(docx);
    expect(text.includes('长财绩评〔2026〕7号')).toBe(numbered);
    expect(textOf(docx, 'word/header1.xml').includes('征求意见稿')).toBe(marked);
    for (const expected of ['一、评价依据和方法', '七、存在的问题', '九、评分表', '目标明确性', '88.5', '11.5', '目标未细化量化', '细化绩效目标', '良好', '第']) expect(text).toContain(expected);
    expect(text).not.toMatch(/\{[#/^]?[a-zA-Z]+\}/);
  });

  it('self: the 自评报告 with its sections, the 自评表 with its total, the rating and 审核意见; no team findings or 评分表', () => {
    const model = assembleReportModel({
      ...inputs,
      evaluation: { ...inputs.evaluation, kind: 'self', evaluatorOrganisationName: null, reportNumber: null, reviewOpinion: '自评资料完整', rating: 'good' },
      entries: [{ ...inputs.entries[0]!, score: null, deductionReason: null, selfScore: 95, target: '≥95%', actual: '96%' }],
      findings: [{ ...inputs.findings[0]!, title: '偏差原因分析不具体', recommendation: '逐项分析偏差原因' }],
      narrative: { overview: '概况', problems: '预算编制不够精细', improvements: '加强预算论证' },
    });
    const docx = renderDocx(builtinTemplateDocx(), reportTemplateData(model, { kind: 'self', reportNumber: null, date: '2026-04-20' }));
    const text = textOf(docx);
    for (const expected of ['某局2025年度部门整体支出绩效自评报告', '报送单位：某局', '审核单位：某市财政局', '七、存在的问题及改进措施', '预算编制不够精细', '八、自评结论', '自评得分：95分（满分100分）', '自评等级：优秀', '九、财政审核意见', '审核等级：良', '自评资料完整', '偏差原因分析不具体', '逐项分析偏差原因', '十、自评表', '≥95%', '96%']) {
      expect(text).toContain(expected);
    }
    for (const absent of ['评分表', '扣分理由', '问题剖析', '评价机构', '征求意见稿', '正式报告']) expect(text).not.toContain(absent);
    expect(textOf(docx, 'word/header1.xml')).toContain('某局绩效自评报告');
    expect(text).not.toMatch(/\{[#/^]?[a-zA-Z]+\}/);
  });
});
