import { CREDIT_CODE_MESSAGES } from '../credit-code';
import { createOrganisationSchema, createRegionSchema, creditCodeSchema, updateOrganisationSchema } from './organisation.schema';

const REGION = '4d3c1a52-8f3b-4c3e-9d1a-2b7c5e6f7a8b';
const VALID_CODE = '91350100M000100Y43';
const VALID = { name: '长沙市财政局', kind: 'finance_bureau', creditCode: VALID_CODE, regionId: REGION } as const;

const issuesOf = (result: { error?: { issues: Array<{ path: PropertyKey[]; message: string; code: string }> } }) =>
  (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join('.'), message: issue.message, code: issue.code }));

describe('creditCodeSchema', () => {
  it.each<[string, string]>([
    ['already upper case', VALID_CODE],
    ['lower case is upper-cased', '91350100m000100y43'],
    ['mixed case', '91350100M000100y43'],
    ['surrounding whitespace is trimmed', `  ${VALID_CODE}\t`],
    ['check value 0', '911100007100000000'],
  ])('accepts %s', (_label, input) => {
    const parsed = creditCodeSchema.parse(input);
    expect(parsed).toBe(input.trim().toUpperCase());
    expect(parsed).toMatch(/^[0-9A-HJ-NPQRTUWXY]{18}$/);
  });

  it.each<[string, string, keyof typeof CREDIT_CODE_MESSAGES]>([
    ['too short', '91350100M000100Y4', 'length'],
    ['too long', VALID_CODE + '1', 'length'],
    ['empty', '', 'length'],
    ['only spaces', '   ', 'length'],
    ['forbidden letter I (lower case, upper-cased first)', '91350100m000100i43', 'character'],
    ['forbidden letter O', 'O1350100M000100Y43', 'character'],
    ['forbidden letter S', '91350100S000100Y43', 'character'],
    ['forbidden letter V', '91350100M000100V43', 'character'],
    ['forbidden letter Z', '91350100M000100Y4Z', 'character'],
    ['punctuation', '91350100M000100Y4-', 'character'],
    ['wrong check character', '91350100M000100Y44', 'check'],
    ['wrong check character, lower case', '91350100m000100y4a', 'check'],
  ])('rejects %s with the "%s" message in both languages', (_label, input, problem) => {
    const result = creditCodeSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    expect(result.error?.issues[0]).toMatchObject({
      code: 'custom',
      message: CREDIT_CODE_MESSAGES[problem].en,
      params: { zh: CREDIT_CODE_MESSAGES[problem].zh },
    });
  });
});

describe('createOrganisationSchema', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['minimal', { ...VALID }, { ...VALID }],
    ['credit code normalised', { ...VALID, creditCode: ' 91350100m000100y43 ' }, { ...VALID, creditCode: VALID_CODE }],
    ['name trimmed', { ...VALID, name: '  审计局 ' }, { ...VALID, name: '审计局' }],
    ['optional fields given', { ...VALID, shortName: '市财政', contactEmail: 'a@b.cn' }, { ...VALID, shortName: '市财政', contactEmail: 'a@b.cn' }],
    ['optional fields null', { ...VALID, shortName: null, contactEmail: null }, { ...VALID, shortName: null, contactEmail: null }],
  ])('accepts %s', (_label, input, expected) => {
    expect(createOrganisationSchema.parse(input)).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['unknown key', { ...VALID, active: true }, '', 'unrecognized_keys'],
    ['id cannot be chosen', { ...VALID, id: REGION }, '', 'unrecognized_keys'],
    ['name missing', { kind: VALID.kind, creditCode: VALID_CODE, regionId: REGION }, 'name', 'invalid_type'],
    ['name too short', { ...VALID, name: ' 局 ' }, 'name', 'too_small'],
    ['name too long', { ...VALID, name: '局'.repeat(101) }, 'name', 'too_big'],
    ['unknown kind', { ...VALID, kind: 'bank' }, 'kind', 'invalid_value'],
    ['bad credit code', { ...VALID, creditCode: '91350100M000100Y44' }, 'creditCode', 'custom'],
    ['credit code missing', { name: VALID.name, kind: VALID.kind, regionId: REGION }, 'creditCode', 'invalid_type'],
    ['region not a UUID', { ...VALID, regionId: '430100' }, 'regionId', 'invalid_format'],
    ['bad e-mail', { ...VALID, contactEmail: 'nobody' }, 'contactEmail', 'invalid_format'],
    ['empty short name', { ...VALID, shortName: '  ' }, 'shortName', 'too_small'],
    ['short name over 30', { ...VALID, shortName: 'x'.repeat(31) }, 'shortName', 'too_big'],
  ])('rejects %s', (_label, input, path, code) => {
    const result = createOrganisationSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(issuesOf(result).map(({ path, code }) => ({ path, code }))).toEqual([{ path, code }]);
  });

  it('reports the credit-code problem with the CREDIT_CODE_MESSAGES text', () => {
    const result = createOrganisationSchema.safeParse({ ...VALID, creditCode: '123' });
    expect(issuesOf(result)).toEqual([{ path: 'creditCode', message: CREDIT_CODE_MESSAGES.length.en, code: 'custom' }]);
  });
});

describe('updateOrganisationSchema', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['only the version', { expectedVersion: 1 }, { expectedVersion: 1 }],
    ['deactivate', { expectedVersion: 3, active: false }, { expectedVersion: 3, active: false }],
    ['credit code normalised', { expectedVersion: 2, creditCode: '91350100m000100y43' }, { expectedVersion: 2, creditCode: VALID_CODE }],
    ['clear optional fields', { expectedVersion: 2, shortName: null, contactEmail: null }, { expectedVersion: 2, shortName: null, contactEmail: null }],
  ])('accepts %s', (_label, input, expected) => {
    expect(updateOrganisationSchema.parse(input)).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['version missing', { name: '新名称' }, 'expectedVersion'],
    ['version 0', { expectedVersion: 0 }, 'expectedVersion'],
    ['version fractional', { expectedVersion: 1.5 }, 'expectedVersion'],
    ['version as text (no coercion)', { expectedVersion: '1' }, 'expectedVersion'],
    ['kind is fixed once created', { expectedVersion: 1, kind: 'department' }, ''],
    ['region is fixed once created', { expectedVersion: 1, regionId: REGION }, ''],
    ['bad credit code', { expectedVersion: 1, creditCode: 'X' }, 'creditCode'],
  ])('rejects %s', (_label, input, path) => {
    const result = updateOrganisationSchema.safeParse(input);
    expect(issuesOf(result).map((issue) => issue.path)).toEqual([path]);
  });
});

describe('createRegionSchema', () => {
  it.each<[Record<string, unknown>, boolean]>([
    [{ code: '430100', name: '长沙市' }, true],
    [{ code: '430100', name: '长沙市', parentId: REGION }, true],
    [{ code: '43010', name: '长沙市' }, false],
    [{ code: '43010A', name: '长沙市' }, false],
    [{ code: '430100', name: '长' }, false],
    [{ code: '430100', name: '长沙市', parentId: 'x' }, false],
  ])('%j → valid=%s', (input, valid) => {
    const result = createRegionSchema.safeParse(input);
    expect(result.success).toBe(valid);
    if (valid) expect(result.data?.parentId ?? null).toBe(input.parentId ?? null);
  });
});
