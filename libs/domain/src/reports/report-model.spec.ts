import type { FrameworkNode } from '../frameworks/framework-templates';
import { diffReportModels } from './report-diff';
import { assembleReportModel, type ReportFindingInput, type ReportInputs } from './report-model-assemble';
import { chineseNumeral, reportModelOfSnapshot, reportModelSchema } from './report-model';
import { placeholderList, reportTemplateData, unknownPlaceholders } from './report-template-data';

const node = (code: string, name: string, weight: number): FrameworkNode => {
  const parts = code.split('.');
  return { code, name, weight, level: parts.length as 1 | 2 | 3, parentCode: parts.length === 1 ? null : parts.slice(0, -1).join('.') };
};

const NODES = [node('1', '决策', 40), node('1.1', '目标设定', 40), node('1.1.1', '目标明确性', 20), node('1.1.2', '目标合理性', 20), node('2', '效益', 60), node('2.1', '满意度', 60), node('2.1.1', '服务对象满意度', 60)];

const finding = (seq: number, extra: Partial<ReportFindingInput> = {}): ReportFindingInput => ({
  seq,
  category: '预算管理',
  title: `问题${seq}`,
  description: `描述${seq}`,
  causeAnalysis: `剖析${seq}`,
  recommendation: `建议${seq}`,
  indicatorCode: null,
  answer: null,
  answerText: null,
  adjudication: null,
  adjudicationReason: null,
  ...extra,
});

function inputs(over: Partial<ReportInputs> = {}): ReportInputs {
  return {
    evaluation: {
      id: '00000000-0000-4000-8000-000000000001',
      reference: 'PJ-2025-001',
      kind: 'key',
      scope: 'department_whole',
      title: '某局2025年度部门整体支出绩效评价',
      projectName: null,
      fiscalYear: 2025,
      departmentName: '某局',
      commissioningOrganisationName: '某市财政局',
      evaluatorOrganisationName: '某评价公司',
      frameworkName: '部门整体支出指标体系',
      frameworkVersion: 1,
      legalBasis: '《中华人民共和国预算法》\n《项目支出绩效评价管理办法》（财预〔2020〕10号）',
      reportNumber: '长财绩评〔2026〕1号',
    },
    nodes: NODES,
    entries: [
      { code: '1.1.1', target: null, actual: null, selfScore: 20, deviationReason: null, score: 18, deductionReason: '目标不够细化', changeReason: null },
      { code: '1.1.2', target: null, actual: null, selfScore: 20, deviationReason: null, score: 20, deductionReason: null, changeReason: null },
      { code: '2.1.1', target: '90%', actual: '95%', selfScore: 60, deviationReason: null, score: 55.5, deductionReason: '满意度调查样本不足', changeReason: null },
    ],
    findings: [finding(1), finding(2, { adjudication: 'withdrawn', adjudicationReason: '部门补充了资料' }), finding(3, { adjudication: 'revised', adjudicationReason: '金额更正' })],
    narrative: { overview: '部门概况文字', goals: '绩效目标文字', outputs: '产出文字' },
    budget: null,
    priorYear: [],
    ...over,
  };
}

describe('assembleReportModel', () => {
  const model = assembleReportModel(inputs());

  it('is a valid report model and reads back from a snapshot; an old snapshot reads as null', () => {
    expect(reportModelSchema.parse(model)).toEqual(model);
    expect(reportModelOfSnapshot(JSON.parse(JSON.stringify(model)))).toEqual(model);
    expect(reportModelOfSnapshot({ evaluation: {}, indicators: [], findings: [] })).toBeNull();
    expect(reportModelOfSnapshot(null)).toBeNull();
  });

  it.each([
    ['1', 1, '决策', 40, 38, 2, null],
    ['1.1.1', 3, '目标明确性', 20, 18, 2, '目标不够细化'],
    ['1.1.2', 3, '目标合理性', 20, 20, 0, null],
    ['2', 1, '效益', 60, 55.5, 4.5, null],
    ['2.1.1', 3, '服务对象满意度', 60, 55.5, 4.5, '满意度调查样本不足'],
  ])('score table row %s: level %d, %s, weight %d, score %d, deduction %d, reason %s', (code, level, name, weight, score, deduction, reason) => {
    expect(model.scoreTable.find((r) => r.code === code)).toMatchObject({ level, name, weight, score, deduction, reason });
  });

  it('totals and grades exactly; no grade while an indicator is unscored', () => {
    expect(model.conclusion).toMatchObject({ total: 93.5, totalWeight: 100, grade: 'excellent', gradeLabel: '优秀' });
    const partial = assembleReportModel(inputs({ entries: inputs().entries.slice(0, 2) }));
    expect(partial.conclusion).toMatchObject({ total: 38, grade: null, gradeLabel: null });
  });

  it('leaves withdrawn findings out, numbers the rest 1, 2 and keeps the withdrawn with their reason', () => {
    expect(model.findings.map((f) => [f.seq, f.number, f.adjudication])).toEqual([
      [1, 1, null],
      [3, 2, 'revised'],
    ]);
    expect(model.withdrawnFindings).toEqual([{ seq: 2, title: '问题2', adjudicationReason: '部门补充了资料' }]);
  });

  it('splits the legal basis into one document a line; the self-evaluation table only for a self-evaluation', () => {
    expect(model.basis.legalBasis).toHaveLength(2);
    expect(model.selfEvaluationTable).toBeNull();
    const self = assembleReportModel(inputs({ evaluation: { ...inputs().evaluation, kind: 'self' } }));
    expect(self.selfEvaluationTable?.map((r) => [r.code, r.selfScore, r.target])).toEqual([
      ['1.1.1', 20, null],
      ['1.1.2', 20, null],
      ['2.1.1', 60, '90%'],
    ]);
  });
});

describe('a self-evaluation’s report model', () => {
  const selfInputs = (rating: string | null, entries = inputs().entries) =>
    inputs({
      evaluation: { ...inputs().evaluation, kind: 'self', evaluatorOrganisationName: null, reviewOpinion: '自评资料完整，偏差分析不够具体。', rating },
      entries: entries.map((e) => ({ ...e, score: null, deductionReason: null })),
      findings: [finding(1, { title: '偏差原因分析不具体' })],
      narrative: { overview: '概况', goals: '目标', outputs: '产出', problems: '预算编制不够精细', improvements: '加强预算论证' },
    });

  it('totals and grades the self-scores (there are no team scores), with the bureau’s rating and 审核意见', () => {
    const model = assembleReportModel(selfInputs('good'));
    expect(reportModelSchema.parse(model)).toEqual(model);
    expect(model.conclusion).toMatchObject({ total: 100, totalWeight: 100, grade: 'excellent', gradeLabel: '优秀' });
    expect(model.conclusion.text).toBe('经部门自评，某局2025年度部门整体支出绩效自评得分为100分，自评等级为“优秀”。财政部门审核等级为“良”。审核提出问题1个，详见“审核意见”。');
    expect(model.evaluation).toMatchObject({ rating: 'good', reviewOpinion: '自评资料完整，偏差分析不够具体。' });
    expect(model).toMatchObject({ problems: '预算编制不够精细', improvements: '加强预算论证' });
    expect(model.basis.method).toContain('财政部门审核');
  });

  it('says so before the rating and while self-scores are missing; a key evaluation keeps no rating', () => {
    const unrated = assembleReportModel(selfInputs(null, inputs().entries.slice(0, 2)));
    expect(unrated.conclusion).toMatchObject({ total: 40, grade: null });
    expect(unrated.conclusion.text).toContain('尚有指标未自评打分，暂不评定等级');
    expect(unrated.conclusion.text).toContain('财政部门尚未评定审核等级');
    expect(assembleReportModel(selfInputs('最好')).evaluation.rating).toBeNull();
    expect(assembleReportModel(inputs({ evaluation: { ...inputs().evaluation, rating: 'good' } })).evaluation.rating).toBeNull();
  });

  it('a snapshot written before the rating and the department’s problems were in the model still reads', () => {
    const { problems: _p, improvements: _i, ...older } = assembleReportModel(inputs()) as Record<string, unknown>;
    const { rating: _r, ...evaluation } = (older as { evaluation: Record<string, unknown> }).evaluation;
    expect(reportModelOfSnapshot({ ...older, evaluation })).toMatchObject({ problems: '', improvements: '', evaluation: { rating: null } });
  });

  it('template data: the 自评报告 title, its own sections (no team findings or 评分表), the rating and 审核意见', () => {
    const data = reportTemplateData(assembleReportModel(selfInputs('fair')), { kind: 'self', reportNumber: null, date: '2026-04-20' });
    expect(data).toMatchObject({
      reportTitle: '某局2025年度部门整体支出绩效自评报告',
      kindLabel: '自评报告',
      isDraft: false,
      isFinal: false,
      draftMark: '',
      reportNumber: '',
      isSelfEvaluation: true,
      total: '100',
      gradeLabel: '优秀',
      ratingLabel: '中',
      reviewOpinion: '自评资料完整，偏差分析不够具体。',
      problems: '预算编制不够精细',
      improvements: '加强预算论证',
    });
    const sections = ['sectionPriorYear', 'sectionFindings', 'sectionSelfProblems', 'sectionConclusion', 'sectionReview', 'sectionScoreTable', 'sectionSelfEvaluation'].map((key) => data[key]);
    expect(sections).toEqual(['六', '', '七', '八', '九', '', '十']);
    expect(data.selfRows).toEqual([
      expect.objectContaining({ code: '1.1.1', weight: '20', selfScore: '20' }),
      expect.objectContaining({ code: '1.1.2', weight: '20', selfScore: '20' }),
      expect.objectContaining({ code: '2.1.1', weight: '60', selfScore: '60', target: '90%', actual: '95%' }),
    ]);
    const project = assembleReportModel({ ...selfInputs(null), evaluation: { ...selfInputs(null).evaluation, scope: 'project', projectName: '政务服务专项' } });
    expect(reportTemplateData(project, { kind: 'self', reportNumber: null, date: '2026-04-20' })).toMatchObject({ reportTitle: '某局2025年度政务服务专项项目绩效自评报告', ratingLabel: '—' });
  });
});

describe('reportTemplateData', () => {
  const model = assembleReportModel(inputs());
  it.each([
    ['draft', '', true, '征求意见稿'],
    ['final', '长财绩评〔2026〕1号', false, ''],
  ] as const)('%s: number "%s", isDraft %s, mark "%s"', (kind, number, isDraft, mark) => {
    const data = reportTemplateData(model, { kind, reportNumber: '长财绩评〔2026〕1号', date: '2026-03-05' });
    expect(data).toMatchObject({ reportNumber: number, isDraft, draftMark: mark, reportDate: '2026年3月5日', total: '93.5', gradeLabel: '优秀' });
  });

  it('numbers sections 一、二… and adds the self-evaluation section only for a self-evaluation', () => {
    const data = reportTemplateData(model, { kind: 'draft', reportNumber: null, date: '2026-03-05' });
    expect([data.sectionBasis, data.sectionFindings, data.sectionScoreTable, data.sectionSelfEvaluation, data.sectionSelfProblems, data.sectionReview]).toEqual(['一', '七', '九', '', '', '']);
    expect(chineseNumeral(10)).toBe('十');
    expect(chineseNumeral(12)).toBe('十二');
    expect(chineseNumeral(21)).toBe('二十一');
  });
});

describe('unknownPlaceholders', () => {
  it.each([
    [{ reportTitle: {}, findings: { title: {}, recommendation: {}, reportTitle: {} } }, []],
    [{ reportTitle: {}, 预算总额: {} }, ['预算总额']],
    [{ findings: { title: {}, weight: {} } }, ['findings.weight']],
    [{ title: {}, code: {} }, ['code']],
    [{ scoreRows: { isSubtotal: { name: {} }, reason: {} }, bogus: { x: {} } }, ['bogus', 'bogus.x']],
  ])('%j → %j', (tags, expected) => {
    expect(unknownPlaceholders(tags)).toEqual(expected);
  });

  it('lists every placeholder with its meaning', () => {
    const names = placeholderList().map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['reportNumber', 'scoreRows.weight', 'scoreRows.reason', 'findings.recommendation', 'gradeLabel']));
  });
});

describe('diffReportModels', () => {
  const draft = assembleReportModel(inputs({ findings: [finding(1), finding(2), finding(3)] }));
  const final = assembleReportModel(
    inputs({
      entries: inputs().entries.map((e) => (e.code === '2.1.1' ? { ...e, score: 58, deductionReason: '样本偏少', changeReason: '部门补充了问卷' } : e)),
      findings: [
        finding(1, { answer: 'accepted' }),
        finding(2, { adjudication: 'withdrawn', adjudicationReason: '部门补充了资料' }),
        finding(3, { description: '描述3（修改）', adjudication: 'revised', adjudicationReason: '金额更正' }),
        finding(4),
      ],
    }),
  );
  const diff = diffReportModels(draft, final);

  it('scores changed with their change reason', () => {
    expect(diff.scores).toEqual([{ code: '2.1.1', name: '服务对象满意度', from: 55.5, to: 58, changeReason: '部门补充了问卷', reasonFrom: '满意度调查样本不足', reasonTo: '样本偏少' }]);
  });

  it.each([
    ['added', [{ seq: 4, title: '问题4' }]],
    ['withdrawn', [{ seq: 2, title: '问题2', adjudicationReason: '部门补充了资料' }]],
    [
      'revised',
      [{ seq: 3, title: '问题3', fields: [{ field: 'description', label: '问题描述', from: '描述3', to: '描述3（修改）' }], adjudication: 'revised', adjudicationReason: '金额更正' }],
    ],
  ] as const)('findings %s', (key, expected) => {
    expect(diff.findings[key]).toEqual(expected);
  });

  it('total and grade; the same model twice is the same', () => {
    expect(diff.total).toEqual({ from: 93.5, to: 96, changed: true });
    expect(diff.grade).toEqual({ from: '优秀', to: '优秀', changed: false });
    expect(diff.same).toBe(false);
    expect(diffReportModels(draft, draft)).toMatchObject({ same: true, scores: [], findings: { added: [], revised: [], withdrawn: [] } });
  });
});
