import { divRoundHalfAway, formatHundredths, formatMeasure, parseMeasuredText, toHundredths, toMeasure, weightTenths } from './exact';

describe('divRoundHalfAway', () => {
  it.each<[bigint, bigint, bigint]>([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [5n, -2n, -3n],
    [4n, 2n, 2n],
    [7n, 3n, 2n],
    [8n, 3n, 3n],
    [-7n, 3n, -2n],
    [-8n, 3n, -3n],
    [0n, 7n, 0n],
    [1n, 2n, 1n],
    [1n, 3n, 0n],
    [-1n, 2n, -1n],
    [994n, 1000n, 1n],
    [499n, 1000n, 0n],
    [500n, 1000n, 1n],
  ])('%p ÷ %p → %p', (n, d, expected) => {
    expect(divRoundHalfAway(n, d)).toBe(expected);
  });

  it('refuses division by zero', () => {
    expect(() => divRoundHalfAway(1n, 0n)).toThrow(RangeError);
  });
});

describe('toMeasure / formatMeasure', () => {
  it.each<[number | string, bigint | null]>([
    [0, 0n],
    [50, 500000n],
    [94.9, 949000n],
    ['94.9', 949000n],
    ['0.1', 1000n],
    [0.1 + 0.2, 3000n], // 0.30000000000000004 rounds back to 0.3 at four decimals
    ['1.23456', 12346n],
    ['1.23454', 12345n],
    ['-2.5', -25000n],
    ['abc', null],
    ['1,000', null],
    ['', null],
    [Number.NaN, null],
    [1e-7, 0n],
  ])('%p → %p', (input, expected) => {
    expect(toMeasure(input)).toBe(expected);
  });

  it.each<[bigint, string]>([
    [949000n, '94.9'],
    [500000n, '50'],
    [12345n, '1.2345'],
    [-25000n, '-2.5'],
    [0n, '0'],
  ])('%p → %s', (scaled, text) => {
    expect(formatMeasure(scaled)).toBe(text);
  });
});

describe('parseMeasuredText', () => {
  it.each<[string, { value: bigint; percent: boolean; unit: string } | null]>([
    ['60', { value: 600000n, percent: false, unit: '' }],
    ['94.9%', { value: 949000n, percent: true, unit: '%' }],
    ['100%', { value: 1000000n, percent: true, unit: '%' }],
    ['60次', { value: 600000n, percent: false, unit: '次' }],
    ['≥50次', { value: 500000n, percent: false, unit: '次' }],
    ['1,234.5万元', { value: 12345000n, percent: false, unit: '万元' }],
    ['９４．９％', { value: 949000n, percent: true, unit: '%' }],
    ['12 %', { value: 120000n, percent: true, unit: '%' }],
    ['-3.5%', { value: -35000n, percent: true, unit: '%' }],
    ['受到市政府领导肯定', null],
    ['', null],
  ])('%s', (text, expected) => {
    expect(parseMeasuredText(text)).toEqual(expected);
  });

  it('null and undefined give null', () => {
    expect(parseMeasuredText(null)).toBeNull();
    expect(parseMeasuredText(undefined)).toBeNull();
  });
});

describe('point conversions', () => {
  it.each<[number, number]>([
    [3.35, 335],
    [0.1 + 0.2, 30],
    [99, 9900],
    [88.9, 8890],
    [1.005, 101], // as written, not as the float 1.00499… would round
    [-1.005, -101],
  ])('toHundredths(%p) = %p', (points, hundredths) => {
    expect(toHundredths(points)).toBe(hundredths);
  });

  it.each<[number, number]>([
    [1.5, 15],
    [33.3, 333],
    [10, 100],
  ])('weightTenths(%p) = %p', (weight, tenths) => {
    expect(weightTenths(weight)).toBe(tenths);
  });

  it.each<[number, string]>([
    [980, '9.80'],
    [9900, '99.00'],
    [5, '0.05'],
    [-105, '-1.05'],
    [0, '0.00'],
  ])('formatHundredths(%p) = %s', (hundredths, text) => {
    expect(formatHundredths(hundredths)).toBe(text);
  });
});
