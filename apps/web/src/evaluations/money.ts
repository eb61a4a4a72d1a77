/**
 * Money is integer fen everywhere (DOMAIN rule: no floats for money). People read and type 元 with two decimals; these
 * helpers convert between the two by string and integer arithmetic only, so 0.1 + 0.2 never happens.
 */
const YUAN_PATTERN = /^(\d{1,16})(?:\.(\d{1,2}))?$/;

/** '1,234.5' → 123450; null for blank; undefined when the text is not an amount of 元 (at most two decimals). */
export function yuanToFen(text: string | null | undefined): number | null | undefined {
  const cleaned = (text ?? '').replace(/[,，\s]/g, '');
  if (cleaned === '') return null;
  const match = YUAN_PATTERN.exec(cleaned);
  if (!match) return undefined;
  const fen = BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  return fen <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(fen) : undefined;
}

/** 123450 → '1234.50' (for inputs); with grouping → '1,234.50' (for display). */
export function fenToYuan(fen: number, grouping = false): string {
  const digits = BigInt(fen).toString().padStart(3, '0');
  const whole = digits.slice(0, -2);
  const cents = digits.slice(-2);
  return `${grouping ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole}.${cents}`;
}

/** 执行率 spent ÷ budget as a percentage with two decimals, rounded half up, in integer arithmetic. */
export function executionRate(spentFen: number, budgetFen: number): string | null {
  if (budgetFen <= 0) return null;
  // Hundredths of a percent: round(spent × 10000 ÷ budget) = floor((spent × 20000 + budget) ÷ (2 × budget)).
  const hundredths = (BigInt(spentFen) * 20000n + BigInt(budgetFen)) / (2n * BigInt(budgetFen));
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}%`;
}
