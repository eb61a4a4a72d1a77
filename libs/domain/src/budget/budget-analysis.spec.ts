/*
 * The whole budget analysis against the reference reports, from the fixture files entered as the reports print them.
 * Seed 000 (2019 key evaluation of 长沙市人民政府办公厅): every figure its tables and findings print. Seed 003 (浏阳市
 * 人民政府办公室 2020 self-evaluation): the reported 146.21% execution rate.
 */
import { analyseBudget, parseThresholds } from './budget-analysis';
import type { SelfReportedLine } from './budget-checks';
import { parseBudgetData, type BudgetData } from './budget-data';
import { computeMetrics, type MetricResult } from './budget-metrics';
import { REFERENCE_BUDGET_DATA } from './reference-budget-data';
import { defaultThresholds } from './thresholds';
import { budgetDataDocumentSchema } from '../schemas/budget.schema';

function load(document: unknown): BudgetData {
  const parsed = parseBudgetData(document);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

const seed000 = load(REFERENCE_BUDGET_DATA.seed000);
const seed003 = load(REFERENCE_BUDGET_DATA.seed003);
const analysis = analyseBudget(seed000, defaultThresholds());
const metric = (key: string, subject: string | null = null): MetricResult | undefined => analysis.metrics.find((m) => m.key === key && m.subject === subject);

describe('seed 000: the figures DOMAIN §4 lists', () => {
  it.each([
    ['execution_rate', null, '89.39%', '5,705.59 ÷ 6,383.16'],
    ['adjustment_rate', null, '18.61%', '1,001.64 ÷ 5,381.52'],
    ['payment_progress', 'Q3', '69.34%', '3,673.77 ÷ 5,298.21'],
    ['project_fund_usage', '悬挂国旗采购经费', '37.37%', '80.07 ÷ 214.27'],
    ['procurement_execution_rate', null, '97.98%', '240.28 ÷ 245.24'],
    ['three_public_change_vs_budget', '合计', '-47.63%', '-107.17 ÷ 225.00'],
  ])('%s %s → %s', (key, subject, text, figures) => {
    expect(metric(key, subject)?.text).toBe(text);
    expect(metric(key, subject)?.figures).toBe(figures);
  });
});

describe('seed 000: the other figures the report prints', () => {
  it.each([
    // 2019 年序时支付进度表
    ['payment_progress', 'Q1', '42.36%'],
    ['payment_progress', 'Q2', '53.21%'],
    // 五（一）: the first three quarters split into basic and project spending
    ['basic_payment_progress', 'Q3', '79.94%'],
    ['project_payment_progress', 'Q3', '33.27%'],
    // 五（一）: 政策出台前期调研专项经费, 39.03 by Q3 and 106.32 for the year of 211.28
    ['project_fund_progress', '政策出台前期调研专项经费 Q3', '18.47%'],
    ['project_fund_usage', '政策出台前期调研专项经费', '50.32%'],
    // 五（四）: the project split's adjustment rate and fund usage
    ['project_adjustment_rate', null, '12.54%'],
    ['project_execution_rate', null, '57.28%'],
    // “三公”经费支出明细情况表: against budget and against 2018
    ['three_public_change_vs_budget', '因公出国(境)费', '-31.03%'],
    ['three_public_change_vs_budget', '公务接待费', '-65.34%'],
    ['three_public_change_vs_budget', '公务用车购置及运行维护费', '-46.87%'],
    ['three_public_change_vs_last_year', '因公出国(境)费', '-3.36%'],
    ['three_public_change_vs_last_year', '公务接待费', '-2.02%'],
    ['three_public_change_vs_last_year', '公务用车购置及运行维护费', '-16.48%'],
    ['three_public_change_vs_last_year', '合计', '-13.09%'],
    // Not printed as percentages, but computable from the printed tables:
    ['three_public_control_rate', '合计', '52.37%'],
    ['running_cost_control_rate', null, '108.54%'],
    ['staffing_control_rate', null, '89.84%'],
    ['basic_execution_rate', null, '97.47%'],
    ['carry_over_rate', null, '10.61%'],
  ])('%s %s → %s', (key, subject, text) => {
    expect(metric(key, subject)?.text).toBe(text);
  });

  it('computes the basic split adjustment rate as 20.25%, where the report prints 20.24% (a slip the check flags)', () => {
    // 858.65 ÷ 4,240.90 = 20.2469…%: rounds to 20.25%; the report's 20.24% truncates where every other figure rounds.
    expect(metric('basic_adjustment_rate')?.text).toBe('20.25%');
    const check = analysis.reported.find((r) => r.metric === 'basic_adjustment_rate')!;
    expect(check).toMatchObject({ status: 'differs', reported: '20.24%', computedText: '20.25%', differenceHundredths: 1, tolerance: '0.005%' });
  });

  it('matches every other reported figure within half a unit of its last printed digit', () => {
    const differing = analysis.reported.filter((r) => r.status !== 'match').map((r) => r.metric);
    expect(differing).toEqual(['basic_adjustment_rate']);
    expect(analysis.reported).toHaveLength(22);
  });

  it('reconciles the payment system with the final accounts: 3.60 万元, explained line by line', () => {
    expect(analysis.reconciliation).toEqual({
      sourceA: { name: '财政支付系统', amount: '735.27' },
      sourceB: { name: '决算报表', amount: '731.67' },
      difference: '3.60',
      explained: '3.60',
      unexplained: '0.00',
      differences: [
        { item: '2020年春节离退休干部慰问经费', amount: '0.14', reason: '多付1400元，年末计入往来款', flagged: false },
        { item: '政策出台前期调研专项经费', amount: '3.46', reason: '预付油料款，计入往来', flagged: false },
      ],
      balanced: true,
      problems: [],
    });
  });

  it('adds up the tables: every sum holds except the project list, whose 23 lines (each rounded to 万元) exceed its printed total by 0.01', () => {
    const failed = analysis.consistency.filter((c) => !c.ok);
    expect(failed).toEqual([
      { check: '项目清单合计 = 项目支出（全年指标下达数）', expected: '1,283.62', actual: '1,283.61', ok: false, difference: '-0.01' },
      { check: '项目清单合计 = 项目支出（支出）', expected: '735.28', actual: '735.27', ok: false, difference: '-0.01' },
    ]);
    expect(analysis.consistency.filter((c) => c.ok).length).toBeGreaterThanOrEqual(15);
  });
});

describe('seed 000: default thresholds propose the report’s findings', () => {
  const byKey = new Map(analysis.proposals.map((p) => [p.key, p]));

  it('proposes execution rate, Q3 progress, adjustment rate, the flag-purchase usage and procurement', () => {
    expect([...byKey.keys()]).toEqual(
      expect.arrayContaining(['execution_rate|', 'adjustment_rate|', 'payment_progress|Q3', 'project_fund_usage|悬挂国旗采购经费', 'procurement_execution_rate|']),
    );
  });

  it('does not propose what the report did not fault: 三公 (under budget, down on 2018), staffing, small reward funds', () => {
    const keys = [...byKey.keys()];
    expect(keys.some((k) => k.startsWith('three_public'))).toBe(false);
    expect(keys).not.toContain('staffing_control_rate|');
    expect(keys).not.toContain('project_fund_usage|2018年度财政决算工作奖励资金');
    expect(keys).not.toContain('payment_progress|Q1');
  });

  it('writes each proposal with its figures, indicator and the rule’s deduction', () => {
    expect(byKey.get('execution_rate|')).toMatchObject({
      category: '预算管理',
      title: '预算完成率偏低',
      indicatorCode: '2.1.1',
      // weight 3 × (100% − 89.39%) = 0.3183 → 0.32
      suggestedDeduction: '0.32',
      figures: { text: '89.39%', numerator: '5705590000', denominator: '6383160000', threshold: { comparator: 'gte', text: '90.00%' } },
    });
    expect(byKey.get('execution_rate|')!.description).toContain('预算完成率为89.39%（5,705.59 ÷ 6,383.16），低于标准值90.00%');
    // 2 × (80% − 69.34%) ÷ 80% = 0.2665 → 0.27
    expect(byKey.get('payment_progress|Q3')).toMatchObject({ title: '第三季度末支付序时进度偏慢', indicatorCode: '2.1.3', suggestedDeduction: '0.27' });
    // (18.61 − 10) points × 0.2 = 1.722 → 1.72 (weight 2)
    expect(byKey.get('adjustment_rate|')).toMatchObject({ indicatorCode: '2.1.2', suggestedDeduction: '1.72' });
    expect(byKey.get('project_fund_usage|悬挂国旗采购经费')).toMatchObject({ title: '“悬挂国旗采购经费”资金使用率偏低', indicatorCode: '2.1.8', suggestedDeduction: null });
    expect(byKey.get('project_fund_usage|悬挂国旗采购经费')!.description).toContain('37.37%（80.07 ÷ 214.27）');
  });

  it('follows the thresholds it is given: a region that sets Q3 progress at 60% gets no progress proposal', () => {
    const parsed = parseThresholds([{ metric: 'payment_progress', subject: 'Q3', comparator: 'gte', percent: '60.00' }]);
    if (!parsed.ok) throw new Error('thresholds');
    expect(analyseBudget(seed000, parsed.value).proposals).toEqual([]);
  });
});

describe('seed 003: the self-evaluation form’s execution rate', () => {
  it('recomputes 2,732.85 ÷ 1,869.12 = 146.21%, as reported', () => {
    const result = analyseBudget(seed003, defaultThresholds());
    expect(result.metrics.find((m) => m.key === 'execution_rate')?.text).toBe('146.21%');
    expect(result.reported).toEqual([expect.objectContaining({ status: 'match', computedText: '146.21%', reported: '146.21%' })]);
    expect(result.skipped.map((s) => s.key)).toEqual(expect.arrayContaining(['adjustment_rate', 'payment_progress', 'procurement_execution_rate', 'staffing_control_rate']));
  });
});

describe('the self-evaluation form’s metric-bound actuals are recomputed too', () => {
  const line = (code: string, name: string, metric: SelfReportedLine['metric'], actual: string): SelfReportedLine => ({ code, name, metric, actual });

  it.each([
    ['as printed to two decimals', line('2.1.1', '预算完成率', 'execution_rate', '89.39%'), null, 'match'],
    ['to one decimal, within its own rounding', line('2.1.1', '预算完成率', 'execution_rate', '89.4'), null, 'match'],
    ['payment progress is read at the third-quarter end', line('2.1.3', '支付进度率', 'payment_progress', '69.34%'), 'Q3', 'match'],
    ['the 三公 indicator reads the total', line('1.2.2', '三公经费变动率', 'three_public_change_vs_last_year', '-13.09%'), '合计', 'match'],
    ['a slip is flagged', line('2.1.5', '政府采购执行率', 'procurement_execution_rate', '98.98%'), null, 'differs'],
  ] as const)('%s', (_label, entry, subject, status) => {
    const result = analyseBudget(seed000, defaultThresholds(), [entry]);
    const check = result.reported.find((r) => r.source === `自评表 ${entry.code} ${entry.name}`);
    expect(check).toEqual(expect.objectContaining({ metric: entry.metric, subject, status }));
  });

  it('leaves out text that is not a percentage and metrics measured per project', () => {
    const lines = [line('2.1.1', '预算完成率', 'execution_rate', '已完成'), line('3.1.1', '项目资金使用率', 'project_fund_usage', '80%')];
    const before = analyseBudget(seed000, defaultThresholds()).reported.length;
    expect(analyseBudget(seed000, defaultThresholds(), lines).reported).toHaveLength(before);
  });
});

describe('edge cases', () => {
  const base = { unit: 'yuan' as const };

  it.each([
    ['zero allotment', { total: { allotted: '0', spent: '10.00' } }, 'execution_rate', null, 'the denominator is 0'],
    ['missing spending', { total: { allotted: '100.00' } }, 'execution_rate', null, 'total.spent'],
    ['no periods', {}, 'payment_progress', null, 'periods'],
    ['zero establishment', { staffing: { establishment: 0, inPost: 3 } }, 'staffing_control_rate', null, 'the denominator is 0'],
    ['zero last-year 三公', { threePublic: [{ kind: 'reception', budget: '10.00', spent: '5.00', lastYear: '0' }] }, 'three_public_change_vs_last_year', '公务接待费', 'the denominator is 0'],
  ])('%s: %s skipped with the reason', (_name, extra, key, subject, reason) => {
    const report = computeMetrics(load({ ...base, ...extra }));
    expect(report.metrics.find((m) => m.key === key && m.subject === subject)).toBeUndefined();
    expect(report.skipped.find((s) => s.key === key && s.subject === subject)?.reason).toContain(reason);
  });

  it.each([
    ['a negative adjustment', { total: { initial: '607.66', adjustments: '-6.30' } }, 'adjustment_rate', '-1.04%'],
    ['spending over the allotment', { total: { allotted: '100.00', spent: '150.00' } }, 'execution_rate', '150.00%'],
    ['a project with nothing spent', { projects: [{ name: '棚户区改造奖励金', allotted: '0.20', spent: '0.00' }] }, 'project_fund_usage', '0.00%'],
  ])('%s', (_name, extra, key, text) => {
    expect(computeMetrics(load({ ...base, ...extra })).metrics.find((m) => m.key === key)?.text).toBe(text);
  });

  it('leaves out 三公 合计 when a kind is missing (a partial sum would understate it)', () => {
    const report = computeMetrics(load({ ...base, threePublic: [{ kind: 'reception', budget: '10.00', spent: '5.00' }] }));
    expect(report.metrics.some((m) => m.subject === '合计')).toBe(false);
  });

  it('flags an unexplained remainder and a difference without a reason', () => {
    const result = analyseBudget(
      load({ unit: 'wan_yuan', reconciliation: { sourceA: { name: 'A', amount: '10.00' }, sourceB: { name: 'B', amount: '6.00' }, differences: [{ item: 'x', amount: '3.00' }] } }),
      [],
    );
    expect(result.reconciliation).toMatchObject({ difference: '4.00', explained: '3.00', unexplained: '1.00', balanced: false });
    expect(result.reconciliation!.problems).toEqual(['尚有1.00万元差额未作说明', '“x”差额3.00万元未说明原因']);
  });

  it('tolerates the rounding a report prints: 89.4% and 89% match 89.385…%, 89.38% does not', () => {
    const data = load({ unit: 'wan_yuan', total: { allotted: '6,383.16', spent: '5,705.59' }, reported: ['89.4%', '89%', '89.38%', '89.39'].map((value) => ({ metric: 'execution_rate', value })) });
    expect(analyseBudget(data, []).reported.map((r) => [r.reported, r.status, r.tolerance])).toEqual([
      ['89.4%', 'match', '0.05%'],
      ['89%', 'match', '0.5%'],
      ['89.38%', 'differs', '0.005%'],
      ['89.39%', 'match', '0.005%'],
    ]);
  });

  it('reports a figure it cannot recompute as such', () => {
    const data = load({ unit: 'yuan', reported: [{ metric: 'procurement_execution_rate', value: '97.98%' }] });
    expect(analyseBudget(data, []).reported[0]).toMatchObject({ status: 'not_computable', computed: null });
  });
});

describe('parsing: exact amounts, paths for every problem', () => {
  it.each([
    ['a trillion yuan fits', { unit: 'yuan', total: { allotted: '1,000,000,000,000.00' } }, { allotted: 100_000_000_000_000n }],
    ['the cap itself fits: 10 万亿元 in 元', { unit: 'yuan', total: { allotted: '9999999999999.99' } }, { allotted: 999_999_999_999_999n }],
    ['the cap itself fits: 10 万亿元 in 万元', { unit: 'wan_yuan', total: { allotted: '1000000000' } }, { allotted: 1_000_000_000_000_000n }],
    ['"-0" is zero', { unit: 'yuan', total: { adjustments: '-0' } }, { adjustments: 0n }],
    ['"-0.00" is zero', { unit: 'wan_yuan', total: { adjustments: '-0.00' } }, { adjustments: 0n }],
  ])('bounds: %s', (_label, document, total) => {
    expect(load(document).total).toEqual(total);
  });

  it.each([
    ['-0', '0'],
    ['-0.00', '0.00'],
    ['-0,000.0', '0,000.0'],
    ['-0.01', '-0.01'],
    ['-10', '-10'],
  ])('the stored document has no negative zero: %s → %s', (written, stored) => {
    const parsed = budgetDataDocumentSchema.parse({ unit: 'yuan', total: { adjustments: written } });
    expect(parsed.total?.adjustments).toBe(stored);
  });

  it('converts 万元 and 元 exactly to fen', () => {
    expect(load({ unit: 'wan_yuan', total: { allotted: '6,383.16', spent: '0.000001' } }).total).toEqual({ allotted: 63_831_600_00n, spent: 1n });
    expect(load({ unit: 'yuan', total: { allotted: '63,831,600.00' } }).total).toEqual({ allotted: 63_831_600_00n });
  });

  it.each([
    [{ unit: 'yuan', total: { spent: '1.234' } }, 'total.spent', 'more than 2 decimals'],
    [{ unit: 'wan_yuan', projects: [{ name: 'a', spent: '1.1234567' }] }, 'projects.0.spent', 'more than 6 decimals'],
    [{ unit: 'yuan', total: { spent: 12 } }, 'total.spent', ''],
    [{ unit: 'yuan', total: { spent: '1,2' } }, 'total.spent', 'not an amount'],
    [{ unit: 'gram' }, 'unit', ''],
    [{ unit: 'yuan', periods: [{ period: 'Q5', allotted: '1', spent: '1' }] }, 'periods.0.period', 'Q1–Q4'],
    [{ unit: 'yuan', projects: [{ name: 'a' }, { name: 'a' }] }, 'projects.1.name', 'appears twice'],
    [{ unit: 'yuan', reported: [{ metric: 'nonsense', value: '1%' }] }, 'reported.0.metric', ''],
    [{ unit: 'yuan', extra: 1 }, '(body)', ''],
    // Bounds: the integer digits are capped before any arithmetic, the value at 10 万亿元.
    [{ unit: 'yuan', total: { spent: '99999999999999999999.99' } }, 'total.spent', '整数部分最多 13 位'],
    [{ unit: 'yuan', total: { spent: '9'.repeat(1000) } }, 'total.spent', '整数部分最多 13 位'],
    [{ unit: 'yuan', total: { spent: '1' + '0'.repeat(13) + '.01' } }, 'total.spent', '整数部分最多 13 位'],
    [{ unit: 'wan_yuan', total: { spent: '1000000000.01' } }, 'total.spent', '超出上限'],
    [{ unit: 'yuan', total: { spent: '0.' + '1'.repeat(1000) } }, 'total.spent', 'more than 2 decimals'],
  ])('%j → %s', (document, path, message) => {
    const parsed = parseBudgetData(document);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues).toContainEqual({ path, message: expect.stringContaining(message) });
  });
});
