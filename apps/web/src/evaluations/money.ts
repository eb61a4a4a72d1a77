import { executionRate as executionRatio, formatPercent, formatYuan, yuanToFen as parseYuan } from '@evalflow/domain';

/**
 * Money is integer fen everywhere (no floats for money); people read and type 元 with two decimals. The exact
 * conversions and the rate live in libs/domain; these adapt them to form fields (numbers in JSON, blank = null).
 */

/** '1,234.5' → 123450; null for blank; undefined when the text is not a non-negative amount of 元 (at most two decimals). */
export function yuanToFen(text: string | null | undefined): number | null | undefined {
  const cleaned = (text ?? '').replace(/[,，\s]/g, '');
  if (cleaned === '') return null;
  let fen: bigint;
  try {
    fen = parseYuan(cleaned);
  } catch {
    return undefined;
  }
  return fen >= 0n && fen <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(fen) : undefined;
}

/** 123450 → '1234.50' (for inputs); with grouping → '1,234.50' (for display). */
export function fenToYuan(fen: number, grouping = false): string {
  const text = formatYuan(BigInt(fen));
  return grouping ? text : text.replace(/,/g, '');
}

/** 执行率 spent ÷ budget as a percentage with two decimals (libs/domain rounding); null without a budget. */
export function executionRate(spentFen: number, budgetFen: number): string | null {
  if (budgetFen <= 0) return null;
  const percent = executionRatio(BigInt(spentFen), BigInt(budgetFen));
  return percent && formatPercent(percent);
}
