import { METRIC_DEFINITIONS, type MetricKey } from '../budget/metric-catalog';
import type { ScoringRule } from './scoring-rule';

/**
 * Built-in indicator framework templates (指标体系模板) and the structural checks every framework must pass.
 *
 * Frameworks are data (DOMAIN §3): weights differ by region and year, and a commissioned evaluation keeps the version it
 * started with. These two templates are the starting points a finance bureau copies and adjusts; they are not the only
 * valid frameworks, which is why `frameworkProblems` works on any tree rather than comparing against a template.
 */

/** One node of an indicator framework tree (指标体系). Level 1 = 一级指标, level 3 = 三级指标 (the scored ones). */
export interface FrameworkNode {
  /** e.g. '1', '1.1', '1.1.1' — dotted, unique in the tree. */
  readonly code: string;
  /** Chinese name, e.g. '预算执行率'. */
  readonly name: string;
  /** 分值, points; may have one decimal. */
  readonly weight: number;
  readonly level: 1 | 2 | 3;
  readonly parentCode: string | null;
  /** Level 3 only: 评价要点 (what is checked), 评分标准 text, and target (年度指标值) where the template has one. */
  readonly points?: string;
  readonly rule?: string;
  readonly target?: string;
  /** Level 3 only: 计分方式, the rule as data (see scoring-rule.ts); absent = the scorer gives the score by hand. */
  readonly scoring?: ScoringRule;
  /** Level 3 only: 计算公式 where the indicator is a computed rate, e.g. '全年支出 ÷ 全年指标下达数 × 100%'. */
  readonly formula?: string;
}

export interface FrameworkTemplate {
  /** Stable id, e.g. 'department-whole-common', 'project-self-evaluation'. */
  readonly code: string;
  /** Chinese name. */
  readonly name: string;
  readonly scope: 'department_whole' | 'project';
  /**
   * The level-1 split a framework's header declares ("投入30/产出25/效益45"), level-1 code → weight. Real forms get it
   * wrong (DOMAIN §3), so it is kept next to the tree and checked against it rather than trusted.
   */
  readonly declaredLevel1Weights?: Readonly<Record<string, number>>;
  /** Parents before children, in display order. */
  readonly nodes: readonly FrameworkNode[];
}

type Level3Detail = Pick<FrameworkNode, 'points' | 'rule' | 'target' | 'scoring' | 'formula'>;

/**
 * Builds a node from its dotted code: level and parent follow from the code, so a template cannot get them out of
 * step with each other. Frozen because the templates are shared constants that callers copy, never edit in place.
 */
function node(code: string, name: string, weight: number, detail: Level3Detail = {}): FrameworkNode {
  const parts = code.split('.');
  const level = parts.length as 1 | 2 | 3;
  const parentCode = level === 1 ? null : parts.slice(0, -1).join('.');
  return Object.freeze({ code, name, weight, level, parentCode, ...detail });
}

function template(code: string, name: string, scope: FrameworkTemplate['scope'], nodes: FrameworkNode[]): FrameworkTemplate {
  // The header split is the tree's own level-1 weights: a template states what it holds.
  const declaredLevel1Weights = Object.freeze(Object.fromEntries(nodes.filter((n) => n.level === 1).map((n) => [n.code, n.weight])));
  return Object.freeze({ code, name, scope, declaredLevel1Weights, nodes: Object.freeze(nodes) });
}

// The national scoring rules (DOMAIN §3), written once so every indicator of the same kind says the same thing.
const HIGHER_IS_BETTER =
  '实际值≥目标值的，得满分；未达到的，按“实际值÷目标值×分值”计分，并说明偏差原因。';
const LOWER_IS_BETTER =
  '实际值≤目标值的，得满分；目标值<实际值<2倍目标值的，按“(1−(实际值−目标值)÷目标值)×分值”计分；实际值≥2倍目标值的，得0分。';
// Their structured counterparts (计分方式), so the code scores what the text says.
const higher = (target: number, unit = '%'): ScoringRule => ({ kind: 'higher_is_better', target, unit });
const lower = (target: number, unit = '%'): ScoringRule => ({ kind: 'lower_is_better', target, unit });
const QUALITATIVE_RULE: ScoringRule = { kind: 'qualitative' };
/** A deduction rule written as text: the structured form carries the same text for the scorer to apply. */
const manual = (rule: string): Pick<FrameworkNode, 'rule' | 'scoring'> => ({ rule, scoring: { kind: 'manual', deduction: rule } });
/** A rate the budget data computes (DOMAIN §4): bound to the metric, its formula taken from the catalogue. */
const metric = (key: MetricKey, direction: 'higher' | 'lower', targetHundredths: number): Pick<FrameworkNode, 'scoring' | 'formula'> => ({
  scoring: { kind: 'metric', metric: key, direction, targetHundredths },
  formula: METRIC_DEFINITIONS[key].formula,
});
const QUALITATIVE =
  '达成年度指标的，得分值的80%–100%；部分达成并具有一定效果的，得60%–80%；未达成且效果较差的，得0–60%；评价人员须说明理由。';

/**
 * 部门整体支出绩效评价共性指标体系.
 *
 * Level 1 follows seed 000 (长沙市人民政府办公厅 2019 部门整体支出重点评价), which evaluates "从项目投入、项目过程、项目产出和
 * 项目效益四个方面" and reports only the total (88.9, 良): the seed names the four level-1 aspects and their order but
 * prints no score table, so it gives no weights. The weights 20/30/30/20 are the four-way split DOMAIN §3 quotes
 * from the reports. Level 2/3 follow the common indicators of 财预〔2013〕53号 (部门整体支出), placed where seed 000
 * raises them: the budget metrics of DOMAIN §4 are its findings 4(一) "预算管理有待加强" (预算完成率, 资金使用率,
 * 支付序时进度, 预算调整率, 政府采购执行率) and sit under 过程/预算执行; staffing and the year-on-year 三公 change are
 * budget allocation (投入/预算配置); its other findings (凭证不完整, 绩效自评, 上年度问题整改, 资产盘点) are 预算管理
 * and 资产管理 indicators. Targets are the standard values the reports measure against; where a standard value is set
 * per region or per notice (预算调整率, 结转结余率) the template leaves the target out rather than guess one. Deduction
 * steps for the control rates take 10% of the indicator's weight per percentage point over, the pattern of the
 * provincial common frameworks (1 point → 0.1 per point), so changing a weight keeps the rule proportionate.
 */
export const DEPARTMENT_WHOLE_TEMPLATE: FrameworkTemplate = template(
  'department-whole-common',
  '部门整体支出绩效评价共性指标体系',
  'department_whole',
  [
    node('1', '投入', 20),
    node('1.1', '目标设定', 6),
    node('1.1.1', '绩效目标合理性', 3, {
      points: '部门整体绩效目标是否依据部门职能和中长期规划设定，是否与年度工作计划和预算规模相匹配。',
      rule: QUALITATIVE,
      scoring: QUALITATIVE_RULE,
      target: '绩效目标依据充分、与职责和预算相匹配',
    }),
    node('1.1.2', '绩效指标明确性', 3, {
      points: '绩效指标是否细化、量化为可衡量的年度指标值，履职产出与履职效益是否根据部门职责分别设定。',
      rule: QUALITATIVE,
      scoring: QUALITATIVE_RULE,
      target: '指标细化、量化，可衡量',
    }),
    node('1.2', '预算配置', 14),
    node('1.2.1', '在职人员控制率', 5, {
      points: '在职人员控制率 = 实有在职人数 ÷ 编制数 × 100%。',
      ...manual('在职人员控制率≤100%的，得满分；每超过1个百分点扣0.5分，扣完为止。'),
      target: '≤100%',
    }),
    node('1.2.2', '“三公经费”变动率', 5, {
      points: '“三公经费”变动率 = (本年度“三公经费”总额 − 上年度“三公经费”总额) ÷ 上年度“三公经费”总额 × 100%。',
      ...manual('变动率≤0的，得满分；每超过1个百分点扣0.5分，扣完为止。'),
      target: '≤0',
    }),
    node('1.2.3', '重点支出安排率', 4, {
      points: '重点支出安排率 = 重点项目支出 ÷ 项目总支出 × 100%，反映部门对履职重点工作的保障程度。',
      rule: QUALITATIVE,
      scoring: QUALITATIVE_RULE,
      target: '重点工作支出得到优先保障',
    }),
    node('2', '过程', 30),
    node('2.1', '预算执行', 16),
    node('2.1.1', '预算完成率', 3, {
      points: '预算完成率 = 全年支出 ÷ 全年指标下达数 × 100%。',
      rule: HIGHER_IS_BETTER,
      ...metric('execution_rate', 'higher', 10000),
      target: '100%',
    }),
    node('2.1.2', '预算调整率', 2, {
      points: '预算调整率（预算控制率）= 预算调整数 ÷ 年初预算数 × 100%。',
      ...manual('预算调整率不超过评价通知规定的标准值的，得满分；每超过1个百分点扣0.2分，扣完为止。'),
    }),
    node('2.1.3', '支付进度率', 2, {
      points: '支付序时进度 = 截至季度末累计支出 ÷ 累计指标下达数 × 100%，以第三季度末为考核时点。',
      rule: HIGHER_IS_BETTER,
      ...metric('payment_progress', 'higher', 8000),
      target: '第三季度末≥80%',
    }),
    node('2.1.4', '结转结余率', 1, {
      points: '结转结余率 = 年末结转结余（含指标收回）÷ 全年指标下达数 × 100%。',
      ...manual('结转结余率不超过评价通知规定的标准值的，得满分；每超过1个百分点扣0.1分，扣完为止。'),
    }),
    node('2.1.5', '公用经费控制率', 2, {
      points: '公用经费控制率 = 公用经费实际支出 ÷ 公用经费预算数 × 100%。',
      ...manual('控制率≤100%的，得满分；每超过1个百分点扣0.2分，扣完为止。'),
      target: '≤100%',
    }),
    node('2.1.6', '“三公经费”控制率', 2, {
      points: '“三公经费”控制率 = “三公经费”实际支出 ÷ “三公经费”预算数 × 100%。',
      ...manual('控制率≤100%的，得满分；每超过1个百分点扣0.2分，扣完为止。'),
      target: '≤100%',
    }),
    node('2.1.7', '政府采购执行率', 2, {
      points: '政府采购执行率 = 实际政府采购金额 ÷ 政府采购预算数 × 100%。',
      rule: HIGHER_IS_BETTER,
      ...metric('procurement_execution_rate', 'higher', 10000),
      target: '100%',
    }),
    node('2.1.8', '项目资金使用率', 2, {
      points: '逐项计算资金使用率 = 项目支出 ÷ 项目指标下达数 × 100%，关注使用率明显偏低的项目。',
      rule: HIGHER_IS_BETTER,
      scoring: higher(100),
      target: '100%',
    }),
    node('2.2', '预算管理', 8),
    node('2.2.1', '管理制度健全性', 2, {
      points: '是否建立财务、内控、政府采购、公务接待等管理制度，制度是否合法、合规、完整。',
      rule: QUALITATIVE,
      scoring: QUALITATIVE_RULE,
      target: '制度健全',
    }),
    node('2.2.2', '资金使用合规性', 2, {
      points: '资金使用是否符合财经法规和财务管理制度，审批程序是否完整，会计凭证及附件是否齐全。',
      ...manual('发现一处不合规或凭证不完整的，扣0.5分，扣完为止。'),
      target: '合规、凭证完整',
    }),
    node('2.2.3', '预决算信息公开性', 1, {
      points: '是否按规定内容和时限公开部门预算、决算及“三公经费”信息。',
      ...manual('按规定公开的，得满分；未公开或公开不完整的，酌情扣分。'),
      target: '按规定公开',
    }),
    node('2.2.4', '绩效自评质量', 1.5, {
      points: '是否按要求开展绩效自评，自评报告是否分析预算执行和绩效目标完成情况；参考财政部门对自评的审核等级。',
      rule: QUALITATIVE,
      scoring: QUALITATIVE_RULE,
      target: '自评完整、分析到位',
    }),
    node('2.2.5', '上年度评价问题整改情况', 1.5, {
      points: '上年度绩效评价发现的问题是否整改到位。',
      ...manual('全部整改到位的，得满分；每有一项未整改或整改不到位的，扣0.5分，扣完为止。'),
      target: '全部整改到位',
    }),
    node('2.3', '资产管理', 6),
    node('2.3.1', '资产管理制度健全性', 2, {
      points: '是否制定资产配置、使用、处置、清查等管理制度。',
      rule: QUALITATIVE,
      scoring: QUALITATIVE_RULE,
      target: '制度健全',
    }),
    node('2.3.2', '资产管理安全性', 2, {
      points: '资产保存是否完整、账实相符，移交有实物交接记录，是否定期盘点清查。',
      rule: QUALITATIVE,
      scoring: QUALITATIVE_RULE,
      target: '账实相符、定期盘点',
    }),
    node('2.3.3', '固定资产利用率', 2, {
      points: '固定资产利用率 = 实际在用固定资产总额 ÷ 所有固定资产总额 × 100%。',
      rule: HIGHER_IS_BETTER,
      scoring: higher(100),
      target: '100%',
    }),
    node('3', '产出', 30),
    node('3.1', '职责履行', 30),
    node('3.1.1', '实际完成率', 10, {
      points: '实际完成率 = 实际完成工作数 ÷ 计划工作数 × 100%，对照部门年度绩效目标逐项核实。',
      rule: HIGHER_IS_BETTER,
      scoring: higher(100),
      target: '100%',
    }),
    node('3.1.2', '完成及时率', 6, {
      points: '完成及时率 = 按时完成工作数 ÷ 实际完成工作数 × 100%。',
      rule: HIGHER_IS_BETTER,
      scoring: higher(100),
      target: '100%',
    }),
    node('3.1.3', '质量达标率', 7, {
      points: '质量达标率 = 质量达标工作数 ÷ 实际完成工作数 × 100%。',
      rule: HIGHER_IS_BETTER,
      scoring: higher(100),
      target: '100%',
    }),
    node('3.1.4', '重点工作办结率', 7, {
      points: '重点工作办结率 = 已办结重点工作数 ÷ 交办或下达的重点工作数 × 100%。',
      rule: HIGHER_IS_BETTER,
      scoring: higher(100),
      target: '100%',
    }),
    node('4', '效益', 20),
    node('4.1', '履职效益', 14),
    node('4.1.1', '经济效益', 4, {
      points: '部门履职对经济发展所带来的直接或间接影响。',
      rule: QUALITATIVE,
      scoring: QUALITATIVE_RULE,
      target: '达到年度绩效目标',
    }),
    node('4.1.2', '社会效益', 6, {
      points: '部门履职对社会发展所带来的直接或间接影响。',
      rule: QUALITATIVE,
      scoring: QUALITATIVE_RULE,
      target: '达到年度绩效目标',
    }),
    node('4.1.3', '生态效益', 2, {
      points: '部门履职对生态环境所带来的直接或间接影响。',
      rule: QUALITATIVE,
      scoring: QUALITATIVE_RULE,
      target: '达到年度绩效目标',
    }),
    node('4.1.4', '可持续影响', 2, {
      points: '长效管理机制、人才队伍和信息化建设等对部门持续履职的支撑。',
      rule: QUALITATIVE,
      scoring: QUALITATIVE_RULE,
      target: '长效机制健全',
    }),
    node('4.2', '满意度', 6),
    node('4.2.1', '社会公众或服务对象满意度', 6, {
      points: '通过问卷或座谈调查社会公众、服务对象对部门履职效果的满意程度。',
      rule: HIGHER_IS_BETTER,
      scoring: higher(90),
      target: '≥90%',
    }),
  ],
);

/**
 * 项目支出绩效自评表: 产出 50, 效益 30, 满意度 10, 预算执行率 10 (DOMAIN §3; the national project self-evaluation
 * form). The form's level-3 indicators are set per project, so the template carries generic ones expressed as rates
 * with standard targets (a project copies and renames them); writing "不少于XX场" here would plant exactly the
 * placeholder the checks reject.
 */
export const PROJECT_SELF_EVALUATION_TEMPLATE: FrameworkTemplate = template(
  'project-self-evaluation',
  '项目支出绩效自评表',
  'project',
  [
    node('1', '产出指标', 50),
    node('1.1', '数量指标', 15),
    node('1.1.1', '计划任务完成率', 10, {
      points: '实际完成的主要产出数量 ÷ 计划数量 × 100%。',
      rule: HIGHER_IS_BETTER,
      scoring: higher(100),
      target: '100%',
    }),
    node('1.1.2', '受益对象覆盖率', 5, {
      points: '实际覆盖的受益对象 ÷ 计划覆盖的受益对象 × 100%。',
      rule: HIGHER_IS_BETTER,
      scoring: higher(100),
      target: '100%',
    }),
    node('1.2', '质量指标', 15),
    node('1.2.1', '验收合格率', 10, {
      points: '验收合格的产出 ÷ 完成的产出 × 100%。',
      rule: HIGHER_IS_BETTER,
      scoring: higher(100),
      target: '100%',
    }),
    node('1.2.2', '质量标准达标率', 5, {
      points: '达到规定质量标准的产出 ÷ 完成的产出 × 100%。',
      rule: HIGHER_IS_BETTER,
      scoring: higher(100),
      target: '100%',
    }),
    node('1.3', '时效指标', 10),
    node('1.3.1', '按期完成率', 10, {
      points: '在计划时限内完成的任务 ÷ 完成的任务 × 100%。',
      rule: HIGHER_IS_BETTER,
      scoring: higher(100),
      target: '100%',
    }),
    node('1.4', '成本指标', 10),
    node('1.4.1', '成本控制率', 10, {
      points: '实际成本 ÷ 预算成本 × 100%。',
      rule: LOWER_IS_BETTER,
      scoring: lower(100),
      target: '≤100%',
    }),
    node('2', '效益指标', 30),
    node('2.1', '经济效益指标', 8),
    node('2.1.1', '经济效益实现程度', 8, {
      points: '项目实施对经济发展的直接或间接影响是否达到预期。',
      rule: QUALITATIVE,
      scoring: QUALITATIVE_RULE,
      target: '达到预期目标',
    }),
    node('2.2', '社会效益指标', 10),
    node('2.2.1', '社会效益实现程度', 10, {
      points: '项目实施对社会发展的直接或间接影响是否达到预期。',
      rule: QUALITATIVE,
      scoring: QUALITATIVE_RULE,
      target: '达到预期目标',
    }),
    node('2.3', '生态效益指标', 6),
    node('2.3.1', '生态效益实现程度', 6, {
      points: '项目实施对生态环境的直接或间接影响是否达到预期。',
      rule: QUALITATIVE,
      scoring: QUALITATIVE_RULE,
      target: '达到预期目标',
    }),
    node('2.4', '可持续影响指标', 6),
    node('2.4.1', '长效机制健全性', 6, {
      points: '项目后续运行及成效发挥的机制、制度和保障是否健全。',
      rule: QUALITATIVE,
      scoring: QUALITATIVE_RULE,
      target: '长效机制健全',
    }),
    node('3', '满意度指标', 10),
    node('3.1', '服务对象满意度指标', 10),
    node('3.1.1', '服务对象满意度', 10, {
      points: '通过问卷或访谈调查服务对象对项目实施效果的满意程度。',
      rule: HIGHER_IS_BETTER,
      scoring: higher(90),
      target: '≥90%',
    }),
    node('4', '预算执行率', 10),
    node('4.1', '预算执行率', 10),
    node('4.1.1', '预算执行率', 10, {
      points: '预算执行率 = 全年执行数 ÷ 全年预算数 × 100%。',
      // The national rule (DOMAIN §3): spending beyond the budget earns nothing extra, hence the cap at 100%.
      rule: '得分 = min(全年执行数 ÷ 全年预算数, 100%) × 10',
      scoring: { kind: 'budget_execution' },
      formula: '全年执行数 ÷ 全年预算数 × 100%',
      target: '100%',
    }),
  ],
);

export const FRAMEWORK_TEMPLATES: readonly FrameworkTemplate[] = Object.freeze([
  DEPARTMENT_WHOLE_TEMPLATE,
  PROJECT_SELF_EVALUATION_TEMPLATE,
]);

/** The scored indicators (level 3) in display order. */
export function level3Indicators(template: Pick<FrameworkTemplate, 'nodes'>): FrameworkNode[] {
  return template.nodes.filter((n) => n.level === 3);
}

export { frameworkProblems, PLACEHOLDER_TARGET, isPlaceholderTarget } from './framework-validation';
