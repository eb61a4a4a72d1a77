/**
 * Money is integer fen (分) as bigint, never a float (ARCHITECTURE rule 7). Reports print 元 with two decimals or
 * 万元; these helpers convert exactly, by string and integer arithmetic.
 */
export type Fen = bigint;

/** "5,705.59" or "5705.59" 元 → fen. Refuses more than two decimals instead of rounding money silently. */
export function yuanToFen(yuan: string): Fen {
  const text = yuan.replace(/,/g, '').trim();
  const match = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) throw new RangeError(`not an amount in yuan with at most two decimals: "${yuan}"`);
  const fen = BigInt(match[2]) * 100n + BigInt((match[3] ?? '').padEnd(2, '0') || '0');
  return match[1] ? -fen : fen;
}

/** "6,383.16" 万元 (ten thousand yuan, as reports print budgets) → fen. */
export function wanYuanToFen(wan: string): Fen {
  const text = wan.replace(/,/g, '').trim();
  const match = /^(-)?(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  if (!match) throw new RangeError(`not an amount in 万元 with at most six decimals: "${wan}"`);
  const fen = BigInt(match[2]) * 1_000_000n + BigInt((match[3] ?? '').padEnd(6, '0') || '0');
  return match[1] ? -fen : fen;
}

/** fen → "5,705.59" (元, two decimals, thousands separated). */
export function formatYuan(fen: Fen): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${whole}.${(abs % 100n).toString().padStart(2, '0')}`;
}
