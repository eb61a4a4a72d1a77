import { ROLES } from '../roles';
import { createUserSchema, loginRequestSchema, passwordSchema, rolesSchema, updateUserSchema, usernameSchema } from './user.schema';

const ORG = '4d3c1a52-8f3b-4c3e-9d1a-2b7c5e6f7a8b';
const VALID = { username: 'li.wen', displayName: '李文', password: 'correct horse', organisationId: ORG, roles: ['finance_officer'] };

const pathsOf = (result: { error?: { issues: Array<{ path: PropertyKey[] }> } }) => (result.error?.issues ?? []).map((issue) => issue.path.join('.'));

describe('usernameSchema', () => {
  it.each<[string, string]>([
    ['abc', 'abc'],
    ['a.b-c_1', 'a.b-c_1'],
    ['finance.admin', 'finance.admin'],
    ['Admin', 'admin'],
    ['  LiWen  ', 'liwen'],
    ['a' + 'b'.repeat(31), 'a' + 'b'.repeat(31)],
    ['x99', 'x99'],
  ])('accepts %j as %j', (input, expected) => {
    expect(usernameSchema.parse(input)).toBe(expected);
  });

  it.each<[string, string]>([
    ['two characters', 'ab'],
    ['33 characters', 'a' + 'b'.repeat(32)],
    ['starts with a digit', '1abc'],
    ['starts with underscore', '_abc'],
    ['starts with a dot', '.abc'],
    ['inner space', 'ab c'],
    ['at sign', 'li@wen'],
    ['Chinese characters', '李文文'],
    ['empty', ''],
  ])('rejects %s', (_label, input) => {
    const result = usernameSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe('3–32 characters: letters, digits, _ . -, starting with a letter');
  });
});

describe('passwordSchema', () => {
  it.each<[number, string | null]>([
    [0, 'at least 10 characters'],
    [9, 'at least 10 characters'],
    [10, null],
    [64, null],
    [128, null],
    [129, 'at most 128 characters'],
  ])('length %i → %s', (length, message) => {
    const result = passwordSchema.safeParse('p'.repeat(length));
    expect(result.success).toBe(message === null);
    if (message) expect(result.error?.issues.map((issue) => issue.message)).toEqual([message]);
  });

  it('does not trim: ten spaces are ten characters', () => {
    expect(passwordSchema.parse(' '.repeat(10))).toBe(' '.repeat(10));
  });
});

describe('rolesSchema', () => {
  it.each(ROLES.map((role) => [role]))('accepts [%s]', (role) => {
    expect(rolesSchema.parse([role])).toEqual([role]);
  });

  it('accepts all roles at once', () => {
    expect(rolesSchema.parse([...ROLES])).toEqual([...ROLES]);
  });

  it.each<[string, unknown, string]>([
    ['empty', [], 'at least one role'],
    ['listed twice', ['evaluator', 'evaluator'], 'a role is listed twice'],
    ['listed twice among others', ['auditor', 'evaluator', 'auditor'], 'a role is listed twice'],
    ['unknown role', ['root'], `must be one of ${ROLES.join(', ')}`],
    ['role label instead of code', ['系统管理员'], `must be one of ${ROLES.join(', ')}`],
    ['not an array', 'auditor', 'Invalid input: expected array, received string'],
  ])('rejects %s', (_label, input, message) => {
    const result = rolesSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContain(message);
  });
});

describe('createUserSchema', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['minimal', { ...VALID }, { ...VALID }],
    ['username normalised', { ...VALID, username: ' Li.Wen ' }, { ...VALID, username: 'li.wen' }],
    ['display name trimmed', { ...VALID, displayName: ' 李文 ' }, { ...VALID, displayName: '李文' }],
    ['e-mail given', { ...VALID, email: 'li@example.cn' }, { ...VALID, email: 'li@example.cn' }],
    ['e-mail null', { ...VALID, email: null }, { ...VALID, email: null }],
    ['several roles', { ...VALID, roles: ['evaluation_lead', 'evaluator'] }, { ...VALID, roles: ['evaluation_lead', 'evaluator'] }],
  ])('accepts %s', (_label, input, expected) => {
    expect(createUserSchema.parse(input)).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['unknown key', { ...VALID, active: true }, ''],
    ['cannot set a version', { ...VALID, version: 1 }, ''],
    ['bad username', { ...VALID, username: '1x' }, 'username'],
    ['short password', { ...VALID, password: 'short' }, 'password'],
    ['long password', { ...VALID, password: 'x'.repeat(129) }, 'password'],
    ['no roles', { ...VALID, roles: [] }, 'roles'],
    ['duplicate roles', { ...VALID, roles: ['auditor', 'auditor'] }, 'roles'],
    ['unknown role', { ...VALID, roles: ['superuser'] }, 'roles.0'],
    ['organisation not a UUID', { ...VALID, organisationId: 'cs-finance' }, 'organisationId'],
    ['empty display name', { ...VALID, displayName: '  ' }, 'displayName'],
    ['display name over 50', { ...VALID, displayName: '李'.repeat(51) }, 'displayName'],
    ['bad e-mail', { ...VALID, email: 'li-at-example' }, 'email'],
  ])('rejects %s (issue at %j)', (_label, input, path) => {
    const result = createUserSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(pathsOf(result)).toEqual([path]);
  });

  it.each(['username', 'displayName', 'password', 'organisationId', 'roles'])('requires %s', (field) => {
    const input: Record<string, unknown> = { ...VALID };
    delete input[field];
    expect(pathsOf(createUserSchema.safeParse(input))).toEqual([field]);
  });
});

describe('updateUserSchema', () => {
  it.each<[string, Record<string, unknown>]>([
    ['only the version', { expectedVersion: 1 }],
    ['change password', { expectedVersion: 2, password: 'a long new passphrase' }],
    ['change roles and deactivate', { expectedVersion: 9, roles: ['auditor'], active: false }],
    ['clear e-mail', { expectedVersion: 1, email: null }],
  ])('accepts %s', (_label, input) => {
    expect(updateUserSchema.parse(input)).toEqual(input);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['version missing', {}, 'expectedVersion'],
    ['version missing with changes', { displayName: '新名字' }, 'expectedVersion'],
    ['version 0', { expectedVersion: 0 }, 'expectedVersion'],
    ['negative version', { expectedVersion: -1 }, 'expectedVersion'],
    ['fractional version', { expectedVersion: 1.5 }, 'expectedVersion'],
    ['version as text', { expectedVersion: '1' }, 'expectedVersion'],
    ['username is not changeable', { expectedVersion: 1, username: 'other' }, ''],
    ['organisation is not changeable', { expectedVersion: 1, organisationId: ORG }, ''],
    ['empty roles', { expectedVersion: 1, roles: [] }, 'roles'],
    ['short password', { expectedVersion: 1, password: '123456789' }, 'password'],
    ['active as text', { expectedVersion: 1, active: 'false' }, 'active'],
  ])('rejects %s', (_label, input, path) => {
    expect(pathsOf(updateUserSchema.safeParse(input))).toEqual([path]);
  });
});

describe('loginRequestSchema', () => {
  it.each<[Record<string, unknown>, Record<string, unknown> | null]>([
    [{ username: ' Admin ', password: 'x' }, { username: 'admin', password: 'x' }],
    [{ username: 'admin', password: ' spaced ' }, { username: 'admin', password: ' spaced ' }],
    [{ username: '', password: 'x' }, null],
    [{ username: 'admin', password: '' }, null],
    [{ username: 'admin', password: 'x'.repeat(129) }, null],
    [{ username: 'admin', password: 'x', remember: true }, null],
  ])('%j → %j', (input, expected) => {
    const result = loginRequestSchema.safeParse(input);
    expect(result.success ? result.data : null).toEqual(expected);
  });
});
