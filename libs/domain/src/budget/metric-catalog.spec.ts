/*
 * Issue 14: every metric of the catalogue and every formula variant, on a worked example whose figures are round
 * enough to check by hand (fixtures/catalogue-example-budget.json, 万元). Each expected value is derived below in the
 * comment beside it: numerator ÷ denominator, then rounded half away from zero to 0.01%.
 */
import { analyseBudget } from './budget-analysis';
import { consistencyChecks } from './budget-checks';
import { parseBudgetData, type BudgetData } from './budget-data';
import { computeMetrics, type VariantSelection } from './budget-metrics';
import { METRIC_DEFINITIONS, METRIC_KEYS, chosenVariant, metricByName, parseMetricReference, variantByName } from './metric-catalog';
import { derivePeriods } from './periods';
import { REFERENCE_BUDGET_DATA } from './reference-budget-data';
import { defaultThresholds, toThreshold } from './thresholds';
import { budgetDataDocumentSchema, thresholdListSchema } from '../schemas/budget.schema';
import { frameworkProblems } from '../frameworks/framework-validation';
import { frameworkVariants } from '../frameworks/scoring-rule';
import type { FrameworkNode } from '../frameworks/framework-templates';

function load(document: unknown): BudgetData {
  const parsed = parseBudgetData(document);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

const example = load(REFERENCE_BUDGET_DATA.catalogueExample);
const seed000 = load(REFERENCE_BUDGET_DATA.seed000);
const report = (data: BudgetData, selection: VariantSelection = {}) => computeMetrics(data, selection);
const value = (data: BudgetData, key: string, subject: string | null = null, selection: VariantSelection = {}) => {
  const m = report(data, selection).metrics.find((r) => r.key === key && r.subject === subject);
  return m ? { text: m.text, figures: m.figures, variant: m.variant, formula: m.formula } : undefined;
};

describe('the new metrics on the worked example', () => {
  it.each([
    // Adjustments of every line of the fund table (default: ÷ 年初预算)
    ['staff_adjustment_rate', null, '8.00%', '40.00 ÷ 500.00'], // 40 ÷ 500 = 8%
    ['running_adjustment_rate', null, '-5.00%', '-10.00 ÷ 200.00'], // −10 ÷ 200 = −5%
    ['basic_adjustment_rate', null, '4.29%', '30.00 ÷ 700.00'], // 30 ÷ 700 = 4.2857…%
    ['project_adjustment_rate', null, '16.67%', '50.00 ÷ 300.00'], // 50 ÷ 300 = 16.666…%
    ['project_line_adjustment_rate', '乡村道路养护', '20.00%', '30.00 ÷ 150.00'], // 30 ÷ 150
    ['project_line_adjustment_rate', '办公设备购置', '13.33%', '20.00 ÷ 150.00'], // 20 ÷ 150 = 13.333…%
    // 结转结余变动率: (170 − 120) ÷ 120 = 41.666…%
    ['carry_over_change_rate', null, '41.67%', '50.00 ÷ 120.00'],
    // 重点支出安排率 (default 按支出): the key project's 160 of the projects' 280 = 57.142…%
    ['key_spending_ratio', null, '57.14%', '160.00 ÷ 280.00'],
    // 固定资产利用率: 126.50 in use of 140.18 = 90.2411…%
    ['fixed_asset_utilization', null, '90.24%', '126.50 ÷ 140.18'],
    // 三公 from totals only: control 9.60 ÷ 12.00; against budget (9.60 − 12.00) ÷ 12.00; against last year's spending
    // (9.60 − 10.40) ÷ 10.40 = −7.6923…%; the budget against last year's budget (12.00 − 16.00) ÷ 16.00
    ['three_public_control_rate', '合计', '80.00%', '9.60 ÷ 12.00'],
    ['three_public_change_vs_budget', '合计', '-20.00%', '-2.40 ÷ 12.00'],
    ['three_public_change_vs_last_year', '合计', '-7.69%', '-0.80 ÷ 10.40'],
    ['three_public_budget_change_vs_last_year', '合计', '-25.00%', '-4.00 ÷ 16.00'],
    // 收入较上年变动率: 50 ÷ 1,000; −10 ÷ 40; 10 ÷ 10; the total 50 ÷ 1,050 = 4.7619…%
    ['income_change', '财政拨款收入', '5.00%', '50.00 ÷ 1,000.00'],
    ['income_change', '事业收入', '-25.00%', '-10.00 ÷ 40.00'],
    ['income_change', '其他收入', '100.00%', '10.00 ÷ 10.00'],
    ['income_change', '合计', '4.76%', '50.00 ÷ 1,050.00'],
    // 支付进度率 at Q3: cumulative 650 (150 + 270 + 230) against the planned 700 = 92.857…%
    ['payment_schedule_rate', 'Q3', '92.86%', '650.00 ÷ 700.00'],
    // 均衡性: each quarter's own spending of the year's 1,000 and allotment of the year's 1,080
    ['period_spending_share', 'Q1', '15.00%', '150.00 ÷ 1,000.00'],
    ['period_spending_share', 'Q2', '27.00%', '270.00 ÷ 1,000.00'], // 420 − 150
    ['period_spending_share', 'Q3', '23.00%', '230.00 ÷ 1,000.00'],
    ['period_spending_share', 'Q4', '35.00%', '350.00 ÷ 1,000.00'],
    ['period_allotment_share', 'Q1', '37.04%', '400.00 ÷ 1,080.00'], // 37.037…%
    ['period_allotment_share', 'Q2', '27.78%', '300.00 ÷ 1,080.00'], // 700 − 400; 27.777…%
    ['period_allotment_share', 'Q3', '23.15%', '250.00 ÷ 1,080.00'], // 23.148…%
    ['period_allotment_share', 'Q4', '12.04%', '130.00 ÷ 1,080.00'], // 1,080 − 950; 12.037…%
    // 支付序时进度 from the derived cumulative figures: Q1 150 ÷ 400, Q3 650 ÷ 950 = 68.421…%
    ['payment_progress', 'Q1', '37.50%', '150.00 ÷ 400.00'],
    ['payment_progress', 'Q3', '68.42%', '650.00 ÷ 950.00'],
    // Work counts (items): 38 ÷ 40; 36 ÷ 38 = 94.736…%; 37 ÷ 38 = 97.368…%; 11 ÷ 12 = 91.666…%
    ['work_completion_rate', null, '95.00%', '38项 ÷ 40项'],
    ['work_timeliness_rate', null, '94.74%', '36项 ÷ 38项'],
    ['work_quality_rate', null, '97.37%', '37项 ÷ 38项'],
    ['key_work_completion_rate', null, '91.67%', '11项 ÷ 12项'],
    // Funding: 330 ÷ 350 = 94.285…%; 285 ÷ 300; cost saving (280 − 266.004321) ÷ 280 = 4.99845…% (exact to the fen)
    ['funds_arrival_rate', null, '94.29%', '330.00 ÷ 350.00'],
    ['funds_timely_arrival_rate', null, '95.00%', '285.00 ÷ 300.00'],
    ['cost_saving_rate', null, '5.00%', '13.995679 ÷ 280.00'],
  ])('%s %s → %s (%s)', (key, subject, text, figures) => {
    expect(value(example, key, subject)).toMatchObject({ text, figures });
  });

  it('keeps money exact to the fen: numerator and denominator are integer fen', () => {
    const m = report(example).metrics.find((r) => r.key === 'cost_saving_rate')!;
    // 13.995679 万元 = 139,956.79 元 = 13,995,679 fen; 280 万元 = 28,000,000 fen
    expect([m.numerator, m.denominator, m.value]).toEqual(['13995679', '280000000', 500]);
    const yuan = load({ unit: 'yuan', funding: { plannedCost: '1,000.01', actualCost: '999.99' } });
    // (1,000.01 − 999.99) ÷ 1,000.01 = 0.02 ÷ 1,000.01 = 0.0019998% → 0.00%
    expect(value(yuan, 'cost_saving_rate')).toMatchObject({ text: '0.00%', figures: '0.02 ÷ 1,000.01' });
  });

  it('computes every metric of the catalogue on the example (none skipped)', () => {
    const { metrics, skipped } = report(example);
    expect(skipped).toEqual([]);
    expect(new Set(metrics.map((m) => m.key))).toEqual(new Set(METRIC_KEYS.filter((k) => !['basic_payment_progress', 'project_payment_progress'].includes(k))));
  });

  it('has no table that fails to add up', () => {
    expect(consistencyChecks(example).filter((c) => !c.ok)).toEqual([]);
    expect(consistencyChecks(example).map((c) => c.check)).toEqual(
      expect.arrayContaining([
        '合计：上年结转 + 全年指标下达数 − 支出 = 年末指标收回 + 年末结转结余',
        '各季度当期支出之和 = 全年支出',
        '各季度当期指标下达数之和 = 全年指标下达数',
        '各项收入之和 = 收入合计（本年）',
        '固定资产：年初 + 本年增加 − 本年减少 = 年末',
      ]),
    );
  });
});

describe('variants: one name, several formulas', () => {
  it('预算完成率 by the allotment and by the funds available give different results, each correct', () => {
    // 全年指标下达数: 1,000 ÷ 1,080 = 92.592…%
    expect(value(example, 'execution_rate')).toMatchObject({ text: '92.59%', figures: '1,000.00 ÷ 1,080.00', variant: 'allotted', formula: '全年支出 ÷ 全年指标下达数 × 100%' });
    // 可支配资金 = 120 + 1,000 + 80 = 1,200; (1,200 − 170) ÷ 1,200 = 85.833…%
    expect(value(example, 'execution_rate', null, { region: { execution_rate: 'funds_available' } })).toMatchObject({
      text: '85.83%',
      figures: '1,030.00 ÷ 1,200.00',
      variant: 'funds_available',
      formula: expect.stringContaining('可支配资金 = 上年结转 + 年初预算 + 预算调整'),
    });
  });

  it.each([
    // 预算调整率 ÷ 调整后预算: 80 ÷ 1,080 = 7.407…%; the splits follow the choice of the whole
    ['adjustment_rate', null, 'adjusted', '8.00%', '7.41%'],
    ['staff_adjustment_rate', null, 'adjusted', '8.00%', '7.41%'], // 40 ÷ 540 = 7.407…%
    ['project_line_adjustment_rate', '办公设备购置', 'adjusted', '13.33%', '11.76%'], // 20 ÷ 170 = 11.764…%
    // 公用经费控制率: 185 ÷ 190 = 97.368…% (adjusted budget), 185 ÷ 200 = 92.50% (initial budget)
    ['running_cost_control_rate', null, 'initial', '97.37%', '92.50%'],
    // “三公经费”变动率 on spending −7.69% or on budgets (12 − 16) ÷ 16 = −25%
    ['three_public_change_vs_last_year', '合计', 'budget', '-7.69%', '-25.00%'],
    // 结转结余率 with the recovered allotment (30 + 170) ÷ 1,080 = 18.518…% or carry-over only 170 ÷ 1,080 = 15.740…%
    ['carry_over_rate', null, 'carried_only', '18.52%', '15.74%'],
    // 重点支出安排率 on spending 160 ÷ 280 or on the allotment 180 ÷ 350 = 51.428…%
    ['key_spending_ratio', null, 'allotted', '57.14%', '51.43%'],
  ])('%s %s: default %s, the other variant', (key, subject, other, byDefault, byOther) => {
    const follows = METRIC_DEFINITIONS[key as keyof typeof METRIC_DEFINITIONS].follows ?? key;
    expect(value(example, key, subject)?.text).toBe(byDefault);
    expect(value(example, key, subject, { region: { [follows]: other } })).toMatchObject({ text: byOther, variant: other });
  });

  it('the framework version’s choice wins over the region’s, the region’s over the default', () => {
    expect(chosenVariant('execution_rate')).toMatchObject({ variant: { key: 'allotted' }, source: 'default' });
    expect(chosenVariant('execution_rate', {}, { execution_rate: 'funds_available' })).toMatchObject({ variant: { key: 'funds_available' }, source: 'region' });
    expect(chosenVariant('execution_rate', { execution_rate: 'allotted' }, { execution_rate: 'funds_available' })).toMatchObject({ variant: { key: 'allotted' }, source: 'framework' });
    // basic_adjustment_rate follows adjustment_rate unless chosen itself
    expect(chosenVariant('basic_adjustment_rate', {}, { adjustment_rate: 'adjusted' })).toMatchObject({ variant: { key: 'adjusted' }, source: 'region' });
    expect(chosenVariant('basic_adjustment_rate', {}, { adjustment_rate: 'adjusted', basic_adjustment_rate: 'initial' })).toMatchObject({ variant: { key: 'initial' } });
  });

  it('lists the other variants as alternatives, and checks a reported figure by the variant it names', () => {
    const analysis = analyseBudget(example, defaultThresholds());
    expect(analysis.alternatives.find((m) => m.key === 'execution_rate')).toMatchObject({ variant: 'funds_available', text: '85.83%' });
    expect(analysis.variants.find((v) => v.metric === 'execution_rate')).toMatchObject({ variant: 'allotted', variantZh: '按全年指标下达数', source: 'default' });
    expect(analysis.reported.map((r) => [r.variant, r.reported, r.status])).toEqual([
      ['funds_available', '85.83%', 'match'],
      ['allotted', '92.59%', 'match'],
      ['initial', '8.00%', 'match'],
      ['budget', '-25%', 'match'],
    ]);
  });

  it('a region chooses through its thresholds; a threshold set for another formula does not measure this one', () => {
    const thresholds = thresholdListSchema.parse([{ metric: 'execution_rate', comparator: 'gte', percent: '90.00', variant: 'funds_available' }]).map(toThreshold);
    const analysis = analyseBudget(example, thresholds);
    expect(analysis.metrics.find((m) => m.key === 'execution_rate')).toMatchObject({ variant: 'funds_available', variantSource: 'region', text: '85.83%' });
    const proposal = analysis.proposals.find((p) => p.metric === 'execution_rate')!;
    expect(proposal.description).toContain('预算完成率为85.83%（1,030.00 ÷ 1,200.00），低于标准值90.00%。计算公式（口径：按可支配资金）：(可支配资金 − 年末结转结余)');
    expect(proposal.figures).toMatchObject({ variant: 'funds_available', variantZh: '按可支配资金' });
    // The framework measures by the allotment: the region's 90% for the funds-available formula does not apply.
    expect(analyseBudget(example, thresholds, [], { framework: { execution_rate: 'allotted' } }).proposals).toEqual([]);
  });

  it('refuses an unknown variant with the path and the choices', () => {
    expect(thresholdListSchema.safeParse([{ metric: 'execution_rate', comparator: 'gte', percent: '90', variant: 'nope' }]).error?.issues[0]).toMatchObject({
      path: [0, 'variant'],
      message: expect.stringContaining('allotted（按全年指标下达数）、funds_available（按可支配资金）'),
    });
    const twoFormulas = thresholdListSchema.safeParse([
      { metric: 'execution_rate', comparator: 'gte', percent: '90', variant: 'allotted' },
      { metric: 'execution_rate', subject: null, comparator: 'gte', percent: '85', variant: 'funds_available' },
    ]);
    expect(twoFormulas.error?.issues[0]).toMatchObject({ path: [1, 'variant'], message: expect.stringContaining('同一指标只能选一种口径') });
    expect(budgetDataDocumentSchema.safeParse({ unit: 'yuan', reported: [{ metric: 'procurement_execution_rate', variant: 'x', value: '1%' }] }).error?.issues[0].path).toEqual([
      'reported',
      0,
      'variant',
    ]);
  });

  it('a framework’s metric-bound rule names its variant, checked against the catalogue', () => {
    const node = () => ({ code: '1', name: '过程', weight: 100, level: 1 as const, parentCode: null });
    const leaf = (variant: string) => ({
      code: '1.1.1',
      name: '预算完成率',
      weight: 100,
      level: 3 as const,
      parentCode: '1.1',
      scoring: { kind: 'metric' as const, metric: 'execution_rate' as const, variant, direction: 'higher' as const, targetHundredths: 10000 },
    });
    const tree = (variant: string): FrameworkNode[] => [node(), { code: '1.1', name: '预算执行', weight: 100, level: 2 as const, parentCode: '1' }, leaf(variant)];
    expect(frameworkVariants(tree('funds_available'))).toEqual({ execution_rate: 'funds_available' });
    expect(frameworkProblems({ nodes: tree('funds_available') })).toEqual([]);
    expect(frameworkProblems({ nodes: tree('by_magic') })).toEqual([expect.stringContaining('预算完成率没有“by_magic”口径')]);
  });
});

describe('names and aliases', () => {
  it.each([
    ['预算控制率', 'adjustment_rate'],
    ['预算执行率', 'execution_rate'],
    ['"三公"经费变动率', 'three_public_change_vs_last_year'],
    ['“三公经费”变动率', 'three_public_change_vs_last_year'],
    ['结转结余变动率', 'carry_over_change_rate'],
    ['固定资产利用率', 'fixed_asset_utilization'],
    ['重点支出安排率', 'key_spending_ratio'],
    ['execution_rate', 'execution_rate'],
  ])('%s → %s', (name, key) => expect(metricByName(name)).toBe(key));

  it.each([
    ['预算完成率（按可支配资金）', { metric: 'execution_rate', variant: 'funds_available' }],
    ['execution_rate:funds_available', { metric: 'execution_rate', variant: 'funds_available' }],
    ['公用经费控制率(年初预算)', { metric: 'running_cost_control_rate', variant: 'initial' }],
    ['预算完成率', { metric: 'execution_rate' }],
  ])('%s → %j', (text, expected) => expect(parseMetricReference(text)).toEqual(expected));

  it('says what is wrong with an unknown name or variant', () => {
    expect(parseMetricReference('预算完成率（按心情）').problem).toContain('可选：allotted（按全年指标下达数）');
    expect(parseMetricReference('幸福指数').problem).toBe('“幸福指数”不是已知的预算指标');
    expect(variantByName('three_public_change_vs_last_year', '按预算数')?.key).toBe('budget');
  });

  it('documents every metric: a name, a formula per variant, and the default first', () => {
    for (const key of METRIC_KEYS) {
      const d = METRIC_DEFINITIONS[key];
      expect(d.zh).toBeTruthy();
      expect(d.variants.every((v) => v.formula.includes('÷') || v.formula.includes('/'))).toBe(true);
      expect(d.formula).toBe(d.variants[0].formula);
    }
  });
});

describe('periods: per period and cumulative, derived both ways and added up', () => {
  it('derives the cumulative figures from per-period ones and back', () => {
    const { periods, mismatches } = derivePeriods(example.periods);
    const q = (p: string) => periods.find((x) => x.period === p)!;
    expect(mismatches).toEqual([]);
    // Q1 entered per period: its cumulative is the same; Q2 entered cumulative: its own is 700 − 400 and 420 − 150
    expect([q('Q1').allotted, q('Q1').spent, q('Q1').derived]).toEqual([400_000_000n, 150_000_000n, ['allotted', 'spent']]);
    expect([q('Q2').periodAllotted, q('Q2').periodSpent]).toEqual([300_000_000n, 270_000_000n]);
    // Q3 per period on top of Q2's cumulative: 700 + 250 = 950, 420 + 230 = 650
    expect([q('Q3').allotted, q('Q3').spent]).toEqual([950_000_000n, 650_000_000n]);
    expect(q('Q4').derived).toEqual(['periodAllotted']);
  });

  it('flags periods that do not add up to the year, and a cumulative figure that disagrees with its period', () => {
    const data = load({
      unit: 'wan_yuan',
      total: { allotted: '1,000.00', spent: '1,000.00' },
      periods: [
        { period: 'Q1', periodSpent: '100.00' },
        { period: 'Q2', periodSpent: '200.00', spent: '310.00' },
        { period: 'Q3', periodSpent: '300.00' },
        { period: 'Q4', periodSpent: '390.00' },
      ],
    });
    const failed = consistencyChecks(data).filter((c) => !c.ok);
    expect(failed).toEqual([
      // Q2: 100 + 200 = 300 against an entered 310
      { check: 'Q2：上期末累计 + 当期支出 = 本期末累计支出', expected: '300.00', actual: '310.00', ok: false, difference: '10.00' },
      // 100 + 200 + 300 + 390 = 990 against the year's 1,000 (Q2's own figure is the entered 200)
      { check: '各季度当期支出之和 = 全年支出', expected: '990.00', actual: '1,000.00', ok: false, difference: '10.00' },
    ]);
  });

  it('shows a month taking a quarter of the year’s spending and most of the allotment arriving in January', () => {
    const months = Array.from({ length: 12 }, (_, i) => `M${String(i + 1).padStart(2, '0')}`);
    const data = load({
      unit: 'wan_yuan',
      total: { allotted: '1,000.00', spent: '1,000.00' },
      // January: 800 of the year's 1,000 allotment; each month spends 750 ÷ 11, December 250
      periods: months.map((period, i) => ({
        period,
        periodAllotted: i === 0 ? '800.00' : i === 1 ? '200.00' : '0.00',
        periodSpent: i === 11 ? '250.00' : i === 10 ? '50.00' : '70.00',
      })),
    });
    expect(value(data, 'period_allotment_share', 'M01')?.text).toBe('80.00%'); // 800 ÷ 1,000
    expect(value(data, 'period_spending_share', 'M12')?.text).toBe('25.00%'); // 250 ÷ 1,000
    expect(value(data, 'period_spending_share', 'M03')?.text).toBe('7.00%'); // 70 ÷ 1,000
    // 70 × 10 + 50 + 250 = 1,000: the months add up
    expect(consistencyChecks(data).filter((c) => !c.ok)).toEqual([]);
    // A region flags a month over 20% of the year's spending
    const thresholds = thresholdListSchema.parse([{ metric: 'period_spending_share', comparator: 'lte', percent: '20.00' }]).map(toThreshold);
    expect(analyseBudget(data, thresholds).proposals.map((p) => p.title)).toEqual(['12月支出过于集中']);
  });
});

describe('三公 and income totals', () => {
  it('checks the kinds against a total the report gives', () => {
    const data = load({
      unit: 'wan_yuan',
      threePublic: [
        { kind: 'overseas_travel', budget: '0', spent: '0' },
        { kind: 'reception', budget: '2.50', spent: '0.32' },
        { kind: 'vehicles', budget: '0', spent: '0' },
      ],
      threePublicTotal: { budget: '2.50', spent: '0.23' },
    });
    // 公务接待费 0.32 of 2.50 = 12.80%; the total as given, 0.23 ÷ 2.50 = 9.20%
    expect(value(data, 'three_public_control_rate', '公务接待费')?.text).toBe('12.80%');
    expect(value(data, 'three_public_control_rate', '合计')?.text).toBe('9.20%');
    expect(consistencyChecks(data).filter((c) => !c.ok)).toEqual([
      { check: '“三公经费”因公出国(境)费 + 公务接待费 + 公务用车购置及运行维护费 = 合计（决算支出数）', expected: '0.32', actual: '0.23', ok: false, difference: '-0.09' },
    ]);
  });

  it('computes the change against last year from totals alone', () => {
    // 0.46 this year, 1.19 less than last year: (0.46 − 1.65) ÷ 1.65 = −72.1212…%
    expect(value(load({ unit: 'wan_yuan', threePublicTotal: { spent: '0.46', lastYear: '1.65' } }), 'three_public_change_vs_last_year', '合计')?.text).toBe('-72.12%');
  });

  it('adds up the income sources when no total is given', () => {
    const data = load({ unit: 'yuan', income: [{ source: '财政拨款收入', thisYear: '100.00', lastYear: '80.00' }, { source: '其他收入', thisYear: '0.01', lastYear: '0.02' }] });
    // (100.01 − 80.02) ÷ 80.02 = 19.99 ÷ 80.02 = 24.9812…%
    expect(value(data, 'income_change', '合计')).toMatchObject({ text: '24.98%', figures: '19.99 ÷ 80.02' });
  });

  it('refuses an income source listed twice (合计 and 收入合计 are the same line)', () => {
    const parsed = parseBudgetData({ unit: 'yuan', income: [{ source: '合计' }, { source: '收入合计' }] });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0].path).toBe('income.1.source');
  });
});

describe('seed 000 keeps every figure, and gains the new ones its data allows', () => {
  it('uses the default formulas', () => {
    expect(value(seed000, 'execution_rate')).toMatchObject({ text: '89.39%', variant: 'allotted' });
    expect(value(seed000, 'adjustment_rate')).toMatchObject({ text: '18.61%', variant: 'initial' });
    expect(value(seed000, 'running_cost_control_rate')).toMatchObject({ text: '108.54%', variant: 'adjusted' });
    expect(value(seed000, 'carry_over_rate')).toMatchObject({ text: '10.61%', variant: 'recovered_and_carried' });
  });

  it.each([
    ['staff_adjustment_rate', null, '23.81%'], // 864.95 ÷ 3,633.24 = 23.806…%
    ['running_adjustment_rate', null, '-1.04%'], // −6.30 ÷ 607.66 = −1.0367…%
    ['period_spending_share', 'Q1', '28.90%'], // 1,648.82 ÷ 5,705.59
    ['period_spending_share', 'Q2', '14.63%'], // (2,483.62 − 1,648.82) = 834.80 ÷ 5,705.59
    ['period_spending_share', 'Q3', '20.86%'], // (3,673.77 − 2,483.62) = 1,190.15 ÷ 5,705.59
    ['period_allotment_share', 'Q1', '60.97%'], // 3,892.08 of 6,383.16 allotted by the first quarter's end
  ])('%s %s → %s', (key, subject, text) => expect(value(seed000, key, subject)?.text).toBe(text));

  it('cannot compute the funds-available variant without the carry-over figures, and says so', () => {
    const r = report(seed000, { region: { execution_rate: 'funds_available' } });
    expect(r.metrics.find((m) => m.key === 'execution_rate')).toBeUndefined();
    expect(r.skipped.find((s) => s.key === 'execution_rate')).toMatchObject({ variant: 'funds_available', reason: expect.stringContaining('上年结转') });
  });
});
