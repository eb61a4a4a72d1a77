/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters; the 18th is a check character
 * computed from the first 17 over the 31-character alphabet below (no I, O, S, V, Z).
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const LENGTH = 18;

export type CreditCodeProblem = 'length' | 'character' | 'check';

export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length !== LENGTH) return 'length';
  for (const ch of code) if (!ALPHABET.includes(ch)) return 'character';
  return creditCodeCheckCharacter(code.slice(0, LENGTH - 1)) === code[LENGTH - 1] ? null : 'check';
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null;
}

/** The check character for the first 17 characters; weights are 3^(i-1) mod 31. */
export function creditCodeCheckCharacter(first17: string): string {
  if (first17.length !== LENGTH - 1) throw new RangeError('credit code body must have 17 characters');
  let sum = 0;
  let weight = 1;
  for (const ch of first17) {
    const value = ALPHABET.indexOf(ch);
    if (value < 0) throw new RangeError(`character ${ch} is not allowed in a credit code`);
    sum += value * weight;
    weight = (weight * 3) % 31;
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

export const CREDIT_CODE_MESSAGES: Record<CreditCodeProblem, { zh: string; en: string }> = {
  length: { zh: '统一社会信用代码应为18位', en: 'a unified social credit code has 18 characters' },
  character: {
    zh: '统一社会信用代码只能包含数字和大写字母（不含I、O、S、V、Z）',
    en: 'only digits and capital letters other than I, O, S, V, Z are allowed',
  },
  check: { zh: '统一社会信用代码校验位不正确', en: 'the check character does not match' },
};
