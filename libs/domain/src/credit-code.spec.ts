/*
 * Unified social credit code (GB 32100-2015). The module under test is cross-checked against a reference
 * implementation written independently here (BigInt arithmetic, weights from Math.pow rather than a running
 * product), over hand-picked codes and 500 pseudo-random bodies from a seeded generator.
 */
import { CREDIT_CODE_MESSAGES, creditCodeCheckCharacter, creditCodeProblem, isValidCreditCode, type CreditCodeProblem } from './credit-code';

const REFERENCE_ALPHABET = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'];
const FORBIDDEN_LETTERS = ['I', 'O', 'S', 'V', 'Z'];

/** Reference: C18 = (31 − Σ_{i=1..17} c_i·(3^(i−1) mod 31) mod 31) mod 31, computed with BigInt. */
function referenceCheckCharacter(body: string): string {
  expect(body).toHaveLength(17);
  const total = [...body].reduce((sum, ch, index) => {
    const value = BigInt(REFERENCE_ALPHABET.indexOf(ch));
    if (value < 0n) throw new Error(`bad test body ${body}`);
    return sum + value * (BigInt(Math.pow(3, index)) % 31n);
  }, 0n);
  return REFERENCE_ALPHABET[Number((31n - (total % 31n)) % 31n)];
}

/** mulberry32: small, seeded, deterministic. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seededRandom(20260101);
const RANDOM_BODIES: string[] = Array.from({ length: 500 }, () =>
  Array.from({ length: 17 }, () => REFERENCE_ALPHABET[Math.floor(random() * REFERENCE_ALPHABET.length)]).join(''),
);

const KNOWN_VALID = '91350100M000100Y43';

/** Hand-picked bodies with the check character the reference gives (one per special check value). */
const HAND_PICKED: Array<[string, string]> = [
  ['91350100M000100Y4', '3'],
  ['91110000710000000', '0'], // check value 0: the check character is the digit zero
  ['91110000710000049', '0'],
  ['91110000710000039', 'Y'], // check value 30: the last alphabet character
  ['91110000710000013', 'A'],
  ['11430100MB1234560', 'F'],
  ['92110105MA0000000', 'U'],
  ['31110000400000000', '2'],
];

describe('reference implementation sanity', () => {
  it.each(HAND_PICKED)('reference check character of %s is %s', (body, check) => {
    expect(referenceCheckCharacter(body)).toBe(check);
  });

  it('the generated bodies cover every character of the alphabet and many check values', () => {
    expect(new Set(RANDOM_BODIES.join('')).size).toBe(31);
    expect(new Set(RANDOM_BODIES.map(referenceCheckCharacter)).size).toBe(31);
  });
});

describe('creditCodeCheckCharacter', () => {
  it.each(HAND_PICKED)('%s → %s', (body, check) => {
    expect(creditCodeCheckCharacter(body)).toBe(check);
  });

  it.each(RANDOM_BODIES.map((body, index) => [index, body]))('random body #%i (%s) matches the reference', (_index, body) => {
    expect(creditCodeCheckCharacter(body)).toBe(referenceCheckCharacter(body));
  });

  it.each([
    ['empty', ''],
    ['16 characters', '91350100M000100Y'],
    ['18 characters (a whole code)', KNOWN_VALID],
  ])('refuses a body of the wrong length (%s)', (_label, body) => {
    expect(() => creditCodeCheckCharacter(body)).toThrow(RangeError);
    expect(() => creditCodeCheckCharacter(body)).toThrow('17 characters');
  });

  it.each([...FORBIDDEN_LETTERS, 'a', 'y', '-', ' ', '０'])('refuses a body containing %j', (ch) => {
    const body = '91350100M000100Y' + ch;
    expect(() => creditCodeCheckCharacter(body)).toThrow(RangeError);
    expect(() => creditCodeCheckCharacter(body)).toThrow(`character ${ch} is not allowed`);
  });
});

describe('creditCodeProblem / isValidCreditCode on valid codes', () => {
  const validCodes = [KNOWN_VALID, ...HAND_PICKED.map(([body, check]) => body + check), ...RANDOM_BODIES.map((body) => body + referenceCheckCharacter(body))];

  it.each(validCodes)('%s is valid', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('a code whose check value is 0 ends in the digit 0 and is accepted; the letter O is refused', () => {
    expect(creditCodeProblem('911100007100000000')).toBeNull();
    expect(creditCodeProblem('91110000710000000O')).toBe('character');
  });
});

describe('every single-character substitution of the known valid code is detected', () => {
  const positions = Array.from({ length: 18 }, (_, i) => i);

  it.each(positions)('position %i: every other alphabet character gives "check"', (position) => {
    const substitutes = REFERENCE_ALPHABET.filter((ch) => ch !== KNOWN_VALID[position]);
    expect(substitutes).toHaveLength(30);
    for (const ch of substitutes) {
      const changed = KNOWN_VALID.slice(0, position) + ch + KNOWN_VALID.slice(position + 1);
      expect([changed, creditCodeProblem(changed)]).toEqual([changed, 'check']);
      expect(isValidCreditCode(changed)).toBe(false);
    }
  });

  it.each(positions)('position %i: a forbidden letter or a lower-case letter gives "character"', (position) => {
    for (const ch of [...FORBIDDEN_LETTERS, ...FORBIDDEN_LETTERS.map((l) => l.toLowerCase()), 'm', '*', '０']) {
      const changed = KNOWN_VALID.slice(0, position) + ch + KNOWN_VALID.slice(position + 1);
      expect([changed, creditCodeProblem(changed)]).toEqual([changed, 'character']);
    }
  });

  it.each(positions.slice(0, 17))('swapping positions %i and the next (when they differ) is detected', (position) => {
    const a = KNOWN_VALID[position];
    const b = KNOWN_VALID[position + 1];
    const swapped = KNOWN_VALID.slice(0, position) + b + a + KNOWN_VALID.slice(position + 2);
    expect(creditCodeProblem(swapped)).toBe(a === b ? null : 'check');
  });
});

describe('creditCodeProblem classifies the problem', () => {
  it.each<[string, string, CreditCodeProblem]>([
    ['empty', '', 'length'],
    ['17 characters', KNOWN_VALID.slice(0, 17), 'length'],
    ['19 characters', KNOWN_VALID + '0', 'length'],
    ['leading space', ' ' + KNOWN_VALID, 'length'],
    ['trailing newline', KNOWN_VALID + '\n', 'length'],
    ['length wins over bad characters', 'IOSVZ', 'length'],
    ['hyphenated', '9135-0100M000100Y43', 'length'],
    ['all lower case', KNOWN_VALID.toLowerCase(), 'character'],
    ['lower-case check character', '91350100M000100Y4' + 'y', 'character'],
    ['forbidden I', '91350100M000100I43', 'character'],
    ['forbidden O', 'O1350100M000100Y43', 'character'],
    ['forbidden S', '91350100S000100Y43', 'character'],
    ['forbidden V', '91350100M000100V43', 'character'],
    ['forbidden Z', '91350100M000100Y4Z', 'character'],
    ['space inside', '91350100M 00100Y43', 'character'],
    ['full-width digit', '９1350100M000100Y43', 'character'],
    ['astral character keeps UTF-16 length 18', '91350100M000100Y😀', 'character'],
    ['wrong check digit', '91350100M000100Y44', 'check'],
    ['wrong check letter', '91350100M000100Y4A', 'check'],
    ['all zeros but a wrong check', '000000000000000001', 'check'],
  ])('%s → %s', (_label, code, problem) => {
    expect(creditCodeProblem(code)).toBe(problem);
    expect(isValidCreditCode(code)).toBe(false);
  });

  it('all zeros is a valid code (sum 0 → check 0)', () => {
    expect(creditCodeProblem('000000000000000000')).toBeNull();
  });
});

describe('CREDIT_CODE_MESSAGES', () => {
  it.each<CreditCodeProblem>(['length', 'character', 'check'])('has a Chinese and an English message for %s', (problem) => {
    expect(CREDIT_CODE_MESSAGES[problem].zh).toMatch(/统一社会信用代码/);
    expect(CREDIT_CODE_MESSAGES[problem].en.length).toBeGreaterThan(10);
  });
});
