/*
 * The metrics against the figures the reference key evaluation report (seed 000, 2019 accounts of a city government
 * office) prints, entered as it gives them (万元, two decimals). Every figure was a finding in that report.
 */
import { formatYuan, wanYuanToFen, yuanToFen } from './money';
import {
  adjustmentRate,
  changeRate,
  executionRate,
  formatPercent,
  fundUsageRate,
  paymentProgress,
  procurementExecutionRate,
  ratio,
  staffingControlRate,
} from './metrics';

const wan = wanYuanToFen;

describe('standard metrics reproduce the report', () => {
  it.each([
    ['预算完成率 spent / allotted', executionRate(wan('5,705.59'), wan('6,383.16')), '89.39%'],
    ['预算调整率 adjustments / initial budget', adjustmentRate(wan('1,001.64'), wan('5,381.52')), '18.61%'],
    ['支付序时进度 at Q3 end', paymentProgress(wan('3,673.77'), wan('5,298.21')), '69.34%'],
    ['资金使用率 of the flag-purchase project', fundUsageRate(wan('80.07'), wan('214.27')), '37.37%'],
    ['政府采购执行率', procurementExecutionRate(wan('240.28'), wan('245.24')), '97.98%'],
    ['三公经费 against budget', changeRate(wan('117.83'), wan('225.00')), '-47.63%'],
  ])('%s → %s', (_name, percent, expected) => {
    expect(percent && formatPercent(percent)).toBe(expected);
  });
});

describe('ratio: exact rounding half away from zero', () => {
  it.each([
    [1n, 3n, 3333, '33.33%'],
    [2n, 3n, 6667, '66.67%'],
    [1n, 8n, 1250, '12.50%'],
    // 1/16 = 6.25% exactly; 1/160000 = 0.000625% rounds to 0.00%; 1/20000 = 0.005% rounds up to 0.01%.
    [1n, 16n, 625, '6.25%'],
    [1n, 160000n, 0, '0.00%'],
    [1n, 20000n, 1, '0.01%'],
    [-1n, 20000n, -1, '-0.01%'],
    [3n, 2n, 15000, '150.00%'],
    [0n, 7n, 0, '0.00%'],
  ])('%s / %s → %s hundredths (%s)', (n, d, hundredths, text) => {
    const percent = ratio(n, d)!;
    expect(percent.hundredths).toBe(hundredths);
    expect(formatPercent(percent)).toBe(text);
  });

  it('has no value for a zero denominator (a metric the data does not allow)', () => {
    expect(ratio(5n, 0n)).toBeNull();
  });

  it('counts heads for the staffing control rate', () => {
    expect(formatPercent(staffingControlRate(47, 52)!)).toBe('90.38%');
  });
});

describe('money in fen', () => {
  it.each([
    ['5,705.59', 570559n],
    ['0.5', 50n],
    ['12', 1200n],
    ['-3.6', -360n],
  ])('yuan %s → %s fen', (yuan, fen) => expect(yuanToFen(yuan)).toBe(fen));

  it.each([['6,383.16', 63831600_00n], ['3.60', 3_600_000n], ['0.000001', 1n]])('万元 %s → %s fen', (value, fen) => expect(wanYuanToFen(value)).toBe(fen));

  it.each(['1.234', 'abc', '', '1.2.3', '１２'])('refuses %j instead of rounding or guessing', (text) => {
    expect(() => yuanToFen(text)).toThrow(RangeError);
  });

  it('formats back exactly', () => {
    expect(formatYuan(wan('6,383.16'))).toBe('63,831,600.00');
    expect(formatYuan(-360n)).toBe('-3.60');
  });
});
