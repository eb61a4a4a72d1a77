import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The metrics CLI as a user runs it: a real child process on the seed 000 fixture, JSON on stdout. */
const root = join(__dirname, '..');
const fixture = join(root, 'libs', 'domain', 'src', 'budget', 'fixtures', 'seed-000-budget.json');
const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'scripts', 'metrics.cjs'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

describe('npm run metrics', () => {
  it('prints every metric of seed 000 with flags, reported-figure checks and the reconciliation', () => {
    const result = run(fixture);
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout);
    const text = (key: string, subject: string | null = null) => output.metrics.find((m: { key: string; subject: string | null }) => m.key === key && m.subject === subject)?.text;
    expect([text('execution_rate'), text('adjustment_rate'), text('payment_progress', 'Q3'), text('project_fund_usage', '悬挂国旗采购经费'), text('procurement_execution_rate'), text('three_public_change_vs_budget', '合计')]).toEqual([
      '89.39%',
      '18.61%',
      '69.34%',
      '37.37%',
      '97.98%',
      '-47.63%',
    ]);
    expect(output.flags.map((f: { comparison: string }) => f.comparison)).toContain('69.34% < 80.00%');
    expect(output.reported.filter((r: { status: string }) => r.status === 'differs')).toHaveLength(1);
    expect(output.reconciliation).toMatchObject({ difference: '3.60', unexplained: '0.00', balanced: true });
    expect(output.thresholds).toBe('defaults');
  });

  it('prints every metric of the catalogue the data allows, each with the formula (variant) it used', () => {
    const example = join(root, 'libs', 'domain', 'src', 'budget', 'fixtures', 'catalogue-example-budget.json');
    const output = JSON.parse(run(example).stdout);
    type Row = { key: string; subject: string | null; text: string; variant: string; variantZh: string; formula: string };
    const metric = (key: string, subject: string | null = null) => output.metrics.find((m: Row) => m.key === key && m.subject === subject) as Row;
    expect(metric('execution_rate')).toMatchObject({ text: '92.59%', variant: 'allotted', variantZh: '按全年指标下达数', formula: '全年支出 ÷ 全年指标下达数 × 100%' });
    expect(metric('carry_over_change_rate').text).toBe('41.67%');
    expect(metric('fixed_asset_utilization').text).toBe('90.24%');
    expect(metric('key_spending_ratio')).toMatchObject({ text: '57.14%', variant: 'spent' });
    expect(metric('period_spending_share', 'Q4').text).toBe('35.00%');
    expect(metric('three_public_budget_change_vs_last_year', '合计').text).toBe('-25.00%');
    expect(output.skipped).toEqual([]);
    expect(output.variants.find((v: { metric: string }) => v.metric === 'execution_rate')).toMatchObject({ variant: 'allotted', source: 'default' });
    const funds = JSON.parse(run(example, '--variant', 'execution_rate=funds_available').stdout);
    expect(funds.metrics.find((m: Row) => m.key === 'execution_rate')).toMatchObject({ text: '85.83%', variant: 'funds_available', variantZh: '按可支配资金' });
    const wrong = run(example, '--variant', 'execution_rate=by_magic');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('预算完成率没有“by_magic”口径');
  });

  it('takes thresholds from a file', () => {
    const file = join(tmpdir(), `thresholds-${process.pid}.json`);
    writeFileSync(file, JSON.stringify([{ metric: 'execution_rate', comparator: 'gte', percent: '95.00' }]));
    const output = JSON.parse(run(fixture, '--thresholds', file).stdout);
    expect(output.proposals.map((p: { key: string }) => p.key)).toEqual(['execution_rate|']);
  });

  it('refuses an invalid file with the paths on stderr and exit 1', () => {
    const file = join(tmpdir(), `bad-budget-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ unit: 'yuan', total: { spent: '1.234' } }));
    const result = run(file);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('total.spent: more than 2 decimals');
  });
});
