/**
 * Exact arithmetic for scores. Points are held as integers: weights in tenths (a weight has at most one decimal),
 * scores in hundredths (two decimals, as the reports print them). Measured values (actuals and targets such as
 * "94.9%" or "60次") are scaled integers with four decimals. Every division rounds once, at the end, half away
 * from zero (四舍五入), so 0.1 + 0.2 never drifts and a score is the same on the server and in the browser.
 */

/** Measured values carry four decimals: 94.9 → 949000n. */
export const MEASURE_SCALE = 10_000n;

/** n ÷ d rounded half away from zero. d must not be 0. */
export function divRoundHalfAway(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  const negative = n < 0n !== d < 0n && n !== 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (2n * ad);
  return negative ? -q : q;
}

/**
 * Points → hundredths, read from the number's decimal form (so 1.005 is 1.01 as written, not 1.00 as the float
 * 1.00499… would round). Scores are stored with two decimals, so this is exact for every stored value.
 */
export function toHundredths(points: number): number {
  const measured = toMeasure(points);
  if (measured === null) throw new RangeError(`not a finite number of points: ${points}`);
  return Number(divRoundHalfAway(measured, MEASURE_SCALE / 100n));
}

/** Hundredths → points as a JS number (exact for two decimals when printed). */
export function fromHundredths(hundredths: number): number {
  return hundredths / 100;
}

/** Weight in points (one decimal at most) → tenths. */
export function weightTenths(weight: number): number {
  return Math.round(weight * 10);
}

/** "9.80", "-1.05": two decimals always, as score tables print. */
export function formatHundredths(hundredths: number): string {
  const negative = hundredths < 0;
  const abs = Math.abs(hundredths);
  return `${negative ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A number written in decimal (from a JS number or text) → integer scaled by MEASURE_SCALE; null if not a plain decimal. */
export function toMeasure(value: number | string): bigint | null {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? numberText(value) : '') : value.trim();
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  // Beyond four decimals, round half away from zero on the digits themselves (no float involved).
  const digits = fraction.padEnd(5, '0');
  let scaled = BigInt(whole) * MEASURE_SCALE + BigInt(digits.slice(0, 4));
  if (Number(digits[4]) >= 5) scaled += 1n;
  return sign === '-' ? -scaled : scaled;
}

/** Avoids "1e-7" forms that a regex cannot read. */
function numberText(value: number): string {
  const text = String(value);
  return text.includes('e') ? value.toFixed(10).replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** Scaled measure → "94.9" (trailing zeros dropped). */
export function formatMeasure(scaled: bigint): string {
  const negative = scaled < 0n;
  const abs = negative ? -scaled : scaled;
  const whole = abs / MEASURE_SCALE;
  const fraction = (abs % MEASURE_SCALE).toString().padStart(4, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

export interface MeasuredText {
  /** The first number in the text, scaled by MEASURE_SCALE. */
  readonly value: bigint;
  /** Whether a percent sign follows the number. */
  readonly percent: boolean;
  /** What follows the number (e.g. '次', '%'), trimmed. */
  readonly unit: string;
}

const FULL_WIDTH = /[０-９．％，]/g;
const HALF_WIDTH: Record<string, string> = { '．': '.', '％': '%', '，': ',' };

/**
 * Reads a measured value as people type it: "60", "94.9%", "60次", "1,234.5万元", "≥50次", full-width digits.
 * The first number wins; text without a number ("受到市政府领导肯定") gives null — it is qualitative, not measured.
 */
export function parseMeasuredText(text: string | null | undefined): MeasuredText | null {
  if (!text) return null;
  const normal = text.replace(FULL_WIDTH, (c) => HALF_WIDTH[c] ?? String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const match = /([+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[+-]?\d+(?:\.\d+)?)\s*(%?)\s*(.*)$/.exec(normal);
  if (!match) return null;
  const value = toMeasure(match[1].replace(/,/g, ''));
  if (value === null) return null;
  const percent = match[2] === '%';
  return { value, percent, unit: percent ? '%' : match[3].trim() };
}
