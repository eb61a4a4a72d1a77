import { REPORT_KIND_LABELS, REVIEW_RATING_LABELS, chineseNumeral, formatPoints, priorYearAssessmentText, type FundRow, type ReportKind, type ReportModel } from './report-model';

/*
 * What a Word template (the built-in one or a bureau's own) may say: the placeholders, each with its meaning, and the
 * data a report model gives them. Placeholders are docxtemplater tags: `{name}` prints a value, `{#list}…{/list}`
 * repeats for each row (in a table row it repeats the row) or shows its content when the value is true, `{^flag}…{/flag}`
 * shows its content when the value is false or empty. Inside a loop the row's own names are valid as well as every
 * top-level name. A template that names anything else is refused (its names listed).
 */

export interface PlaceholderSpec {
  readonly zh: string;
  /** For a loop: the names valid inside it. */
  readonly row?: Readonly<Record<string, string>>;
}

const FUND_ROW = {
  item: '项目（合计、基本支出、项目支出或项目名称）',
  carriedIn: '上年结转',
  initial: '年初预算',
  adjustments: '预算调整',
  allotted: '全年可用（指标下达数）',
  spent: '全年支出',
  carryOver: '年末结转结余',
  executionRate: '预算执行率',
} as const;

export const REPORT_PLACEHOLDERS: Readonly<Record<string, PlaceholderSpec>> = {
  reportTitle: { zh: '报告标题，如“××局2025年度部门整体支出绩效评价报告”' },
  kindLabel: { zh: '稿别：征求意见稿 / 正式报告 / 自评报告' },
  isDraft: { zh: '条件：征求意见稿时为真（{#isDraft}征求意见稿{/isDraft}）' },
  isFinal: { zh: '条件：正式报告时为真' },
  draftMark: { zh: '征求意见稿时为“征求意见稿”，正式报告为空' },
  reportNumber: { zh: '文号；征求意见稿为空' },
  reportDate: { zh: '成文日期（YYYY年M月D日）' },
  reference: { zh: '评价编号' },
  title: { zh: '评价项目名称' },
  projectName: { zh: '项目名称（部门整体评价为空）' },
  fiscalYear: { zh: '评价年度' },
  departmentName: { zh: '被评价部门' },
  commissioningOrganisationName: { zh: '委托单位（财政局）' },
  evaluatorOrganisationName: { zh: '评价机构' },
  frameworkName: { zh: '指标体系名称及版本' },
  sectionBasis: { zh: '章节序号（一、二…）：评价依据和方法' },
  sectionOverview: { zh: '章节序号：部门概况' },
  sectionBudget: { zh: '章节序号：预算配置、管理和使用情况' },
  sectionGoals: { zh: '章节序号：绩效目标' },
  sectionOutputs: { zh: '章节序号：产出与效益' },
  sectionPriorYear: { zh: '章节序号：上年度问题整改情况' },
  sectionFindings: { zh: '章节序号：存在的问题（自评时为空：自评报告没有评价组的问题）' },
  sectionConclusion: { zh: '章节序号：评价结论（自评时为自评结论）' },
  sectionScoreTable: { zh: '章节序号：评分表（自评时为空：自评报告没有评价组的评分）' },
  sectionSelfProblems: { zh: '章节序号：存在的问题及改进措施（自评时，部门自述）' },
  sectionReview: { zh: '章节序号：财政审核意见（自评时）' },
  sectionSelfEvaluation: { zh: '章节序号：自评表（自评时）' },
  legalBasis: { zh: '循环：文件依据，每行一个文件', row: { text: '文件名称', number: '序号' } },
  method: { zh: '评价方法' },
  framework: { zh: '评价指标体系说明' },
  overview: { zh: '部门概况' },
  hasBudget: { zh: '条件：有预算数据' },
  unitLabel: { zh: '金额单位（元 / 万元）' },
  allocation: { zh: '循环：预算配置表（合计、基本支出、项目支出）', row: FUND_ROW },
  projects: { zh: '循环：项目资金表', row: FUND_ROW },
  hasProjects: { zh: '条件：有项目资金' },
  metrics: { zh: '循环：预算指标', row: { name: '指标名称', subject: '范围（期间、项目等）', value: '指标值', figures: '计算数据', formula: '计算公式' } },
  hasMetrics: { zh: '条件：有计算指标' },
  goals: { zh: '绩效目标' },
  outputs: { zh: '产出与效益' },
  problems: { zh: '部门自评发现的问题（自评报告）' },
  improvements: { zh: '部门的改进措施（自评报告）' },
  priorYear: {
    zh: '循环：上年度问题整改情况',
    row: { fiscalYear: '问题所属年度', findingTitle: '问题', measures: '整改措施', assessment: '整改情况（已整改/部分整改/未整改，及列为本报告的问题序号）', note: '说明' },
  },
  hasPriorYear: { zh: '条件：有上年度问题' },
  findings: {
    zh: '循环：存在的问题',
    row: {
      number: '序号（1、2…）',
      numberZh: '序号（一、二…）',
      title: '问题标题',
      category: '问题类别',
      description: '问题描述',
      causeAnalysis: '问题剖析',
      recommendation: '建议',
      indicatorCode: '对应指标编码',
      answerText: '部门反馈意见',
      adjudicationLabel: '反馈处理结果（维持/修改）',
      adjudicationReason: '处理理由',
    },
  },
  hasFindings: { zh: '条件：有问题' },
  total: { zh: '总得分（自评时为自评得分合计）' },
  totalWeight: { zh: '总分值（通常100）' },
  gradeLabel: { zh: '评价等级（优秀/良好/中等/较差；自评时为按自评得分的自评等级）' },
  conclusion: { zh: '评价结论（自评时为自评结论，含财政审核等级）' },
  ratingLabel: { zh: '财政审核等级（优/良/中/差；自评时，未评定为“—”）' },
  reviewOpinion: { zh: '财政审核意见（自评时）' },
  scoreRows: {
    zh: '循环：评分表的行（一级、二级为小计行，三级为指标行）',
    row: {
      code: '指标编码',
      name: '指标名称',
      level: '级次（1/2/3）',
      isSubtotal: '条件：一级、二级小计行',
      isIndicator: '条件：三级指标行',
      weight: '分值',
      score: '得分',
      deduction: '扣分',
      reason: '扣分理由',
    },
  },
  isSelfEvaluation: { zh: '条件：部门自评（{^isSelfEvaluation}…{/isSelfEvaluation} 只在重点评价报告中出现）' },
  selfRows: {
    zh: '循环：自评表',
    row: { code: '指标编码', name: '指标名称', weight: '分值', target: '年度指标值', actual: '实际完成值', selfScore: '自评得分', deviationReason: '偏差及原因分析' },
  },
};

/** Every placeholder name, loops' row names as `loop.name` (for docs and the template page). */
export function placeholderList(): { name: string; zh: string }[] {
  return Object.entries(REPORT_PLACEHOLDERS).flatMap(([name, spec]) => [
    { name, zh: spec.zh },
    ...Object.entries(spec.row ?? {}).map(([child, zh]) => ({ name: `${name}.${child}`, zh })),
  ]);
}

/** Tags as docxtemplater's inspect module nests them: name → the tags used inside it (a loop) or {}. */
export type NestedTags = { [name: string]: NestedTags };

/**
 * The names of a template no report model gives, as `name` or `loop.name`, sorted. A row name is valid inside its
 * loop only; top-level names are valid everywhere (docxtemplater looks outward).
 */
export function unknownPlaceholders(tags: NestedTags): string[] {
  const unknown = new Set<string>();
  const walk = (level: NestedTags, rowScopes: Readonly<Record<string, string>>[], path: string[]) => {
    for (const [name, inner] of Object.entries(level)) {
      const spec = REPORT_PLACEHOLDERS[name];
      const inRow = rowScopes.some((scope) => name in scope);
      if (!spec && !inRow) unknown.add([...path, name].join('.'));
      const children = inner && typeof inner === 'object' ? inner : {};
      if (Object.keys(children).length) walk(children, spec?.row ? [...rowScopes, spec.row] : rowScopes, [...path, name]);
    }
  };
  walk(tags, [], []);
  return [...unknown].sort();
}

const fundRow = (row: FundRow) => Object.fromEntries(Object.keys(FUND_ROW).map((key) => [key, row[key as keyof FundRow] ?? '—']));

const ADJUDICATION_LABELS: Record<string, string> = { upheld: '维持原意见', revised: '已修改', withdrawn: '已撤回' };

function chineseDate(iso: string): string {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/**
 * The data a template gets for one document: the model's sections flattened to the placeholders above. A draft
 * prints no document number, whatever the evaluation holds. Sections are numbered over those the report has: a key
 * evaluation's end with 存在的问题, 评价结论 and 评分表; a self-evaluation's (no team, no team scores) with the
 * department's 存在的问题及改进措施, 自评结论, 财政审核意见 and 自评表 (the skipped ones' numbers are empty).
 */
export function reportTemplateData(model: ReportModel, options: { kind: ReportKind; reportNumber: string | null; date: string }): Record<string, unknown> {
  const draft = options.kind === 'draft';
  const e = model.evaluation;
  const self = model.selfEvaluationTable !== null;
  let section = 0;
  const next = () => chineseNumeral(++section);
  const sections = {
    sectionBasis: next(),
    sectionOverview: next(),
    sectionBudget: next(),
    sectionGoals: next(),
    sectionOutputs: next(),
    sectionPriorYear: next(),
    sectionFindings: self ? '' : next(),
    sectionSelfProblems: self ? next() : '',
    sectionConclusion: next(),
    sectionReview: self ? next() : '',
    sectionScoreTable: self ? '' : next(),
    sectionSelfEvaluation: self ? next() : '',
  };
  const subject = e.projectName ? `${e.projectName}项目` : '部门整体支出';
  return {
    reportTitle: `${e.departmentName}${e.fiscalYear}年度${subject}绩效${e.kind === 'self' ? '自评' : '评价'}报告`,
    kindLabel: REPORT_KIND_LABELS[options.kind],
    isDraft: draft,
    isFinal: options.kind === 'final',
    draftMark: draft ? '征求意见稿' : '',
    reportNumber: draft ? '' : (options.reportNumber ?? ''),
    reportDate: chineseDate(options.date),
    reference: e.reference,
    title: e.title,
    projectName: e.projectName ?? '',
    fiscalYear: String(e.fiscalYear),
    departmentName: e.departmentName,
    commissioningOrganisationName: e.commissioningOrganisationName,
    evaluatorOrganisationName: e.evaluatorOrganisationName ?? '',
    frameworkName: e.frameworkName ? `${e.frameworkName}（第${e.frameworkVersion ?? 1}版）` : '',
    ...sections,
    legalBasis: model.basis.legalBasis.map((line, index) => ({ text: line, number: index + 1 })),
    method: model.basis.method,
    framework: model.basis.framework,
    overview: model.overview || '（无）',
    hasBudget: model.budget !== null,
    unitLabel: model.budget?.unitLabel ?? '元',
    allocation: (model.budget?.allocation ?? []).map(fundRow),
    projects: (model.budget?.projects ?? []).map(fundRow),
    hasProjects: (model.budget?.projects.length ?? 0) > 0,
    metrics: (model.budget?.metrics ?? []).map((m) => ({ name: m.name, subject: m.subject ?? '', value: m.value, figures: m.figures, formula: m.formula })),
    hasMetrics: (model.budget?.metrics.length ?? 0) > 0,
    goals: model.goals || '（无）',
    outputs: model.outputs || '（无）',
    problems: model.problems || '（无）',
    improvements: model.improvements || '（无）',
    priorYear: model.priorYear.map((p) => ({ fiscalYear: String(p.fiscalYear), findingTitle: p.findingTitle, measures: p.measures ?? '', assessment: priorYearAssessmentText(p), note: p.note ?? '' })),
    hasPriorYear: model.priorYear.length > 0,
    findings: model.findings.map((f) => ({
      number: f.number,
      numberZh: chineseNumeral(f.number),
      title: f.title,
      category: f.category ?? '',
      description: f.description,
      causeAnalysis: f.causeAnalysis ?? '',
      recommendation: f.recommendation ?? '',
      indicatorCode: f.indicatorCode ?? '',
      answerText: f.answerText ?? '',
      adjudicationLabel: f.adjudication ? (ADJUDICATION_LABELS[f.adjudication] ?? '') : '',
      adjudicationReason: f.adjudicationReason ?? '',
    })),
    hasFindings: model.findings.length > 0,
    total: formatPoints(model.conclusion.total),
    totalWeight: formatPoints(model.conclusion.totalWeight),
    gradeLabel: model.conclusion.gradeLabel ?? '—',
    conclusion: model.conclusion.text,
    ratingLabel: e.rating ? REVIEW_RATING_LABELS[e.rating] : '—',
    reviewOpinion: e.reviewOpinion ?? '（无）',
    scoreRows: model.scoreTable.map((r) => ({
      code: r.code,
      name: r.name,
      level: r.level,
      isSubtotal: r.level !== 3,
      isIndicator: r.level === 3,
      weight: formatPoints(r.weight),
      score: formatPoints(r.score),
      deduction: r.deduction === null ? '—' : formatPoints(r.deduction),
      reason: r.reason ?? '',
    })),
    isSelfEvaluation: self,
    selfRows: (model.selfEvaluationTable ?? []).map((r) => ({
      code: r.code,
      name: r.name,
      weight: formatPoints(r.weight),
      target: r.target ?? '',
      actual: r.actual ?? '',
      selfScore: formatPoints(r.selfScore),
      deviationReason: r.deviationReason ?? '',
    })),
  };
}
