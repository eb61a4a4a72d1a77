import { pageQuerySchema, uuidSchema } from './common.schema';
import { listOrganisationsQuerySchema } from './organisation.schema';
import { listUsersQuerySchema } from './user.schema';

describe('pageQuerySchema', () => {
  it.each<[string, Record<string, unknown>, { page: number; pageSize: number }]>([
    ['defaults', {}, { page: 1, pageSize: 20 }],
    ['undefined values take the defaults', { page: undefined, pageSize: undefined }, { page: 1, pageSize: 20 }],
    ['query-string text is coerced', { page: '3', pageSize: '50' }, { page: 3, pageSize: 50 }],
    ['numbers pass through', { page: 7, pageSize: 1 }, { page: 7, pageSize: 1 }],
    ['pageSize upper bound 100', { pageSize: '100' }, { page: 1, pageSize: 100 }],
    ['pageSize lower bound 1', { pageSize: '1' }, { page: 1, pageSize: 1 }],
    ['large page numbers are fine', { page: '100000' }, { page: 100000, pageSize: 20 }],
    ['surrounding spaces are accepted by Number()', { page: ' 2 ' }, { page: 2, pageSize: 20 }],
  ])('accepts: %s', (_label, input, expected) => {
    expect(pageQuerySchema.parse(input)).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['page 0', { page: '0' }, 'page'],
    ['negative page', { page: '-1' }, 'page'],
    ['fractional page', { page: '1.5' }, 'page'],
    ['non-numeric page', { page: 'abc' }, 'page'],
    ['empty page (coerces to 0)', { page: '' }, 'page'],
    ['pageSize 0', { pageSize: '0' }, 'pageSize'],
    ['pageSize 101', { pageSize: '101' }, 'pageSize'],
    ['pageSize 1000', { pageSize: 1000 }, 'pageSize'],
    ['fractional pageSize', { pageSize: '20.5' }, 'pageSize'],
    ['non-numeric pageSize', { pageSize: 'all' }, 'pageSize'],
  ])('rejects: %s (issue on %s)', (_label, input, field) => {
    const result = pageQuerySchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([field]);
  });
});

describe('list query schemas extend the page query', () => {
  const uuid = '4d3c1a52-8f3b-4c3e-9d1a-2b7c5e6f7a8b';
  it.each<[string, typeof listUsersQuerySchema | typeof listOrganisationsQuerySchema, Record<string, unknown>, Record<string, unknown>]>([
    ['users: search text trimmed', listUsersQuerySchema, { q: '  张 ' }, { page: 1, pageSize: 20, q: '张' }],
    ['users: role filter', listUsersQuerySchema, { role: 'auditor', page: '2' }, { page: 2, pageSize: 20, role: 'auditor' }],
    ['users: organisation filter', listUsersQuerySchema, { organisationId: uuid }, { page: 1, pageSize: 20, organisationId: uuid }],
    ['organisations: kind filter', listOrganisationsQuerySchema, { kind: 'audit_office' }, { page: 1, pageSize: 20, kind: 'audit_office' }],
    ['organisations: region filter', listOrganisationsQuerySchema, { regionId: uuid, pageSize: '5' }, { page: 1, pageSize: 5, regionId: uuid }],
  ])('accepts: %s', (_label, schema, input, expected) => {
    expect(schema.parse(input)).toEqual(expected);
  });

  it.each<[string, typeof listUsersQuerySchema | typeof listOrganisationsQuerySchema, Record<string, unknown>, string]>([
    ['users: unknown role', listUsersQuerySchema, { role: 'root' }, 'role'],
    ['users: organisation not a UUID', listUsersQuerySchema, { organisationId: '42' }, 'organisationId'],
    ['users: search text over 100', listUsersQuerySchema, { q: 'x'.repeat(101) }, 'q'],
    ['users: pageSize over 100', listUsersQuerySchema, { pageSize: '101' }, 'pageSize'],
    ['organisations: unknown kind', listOrganisationsQuerySchema, { kind: 'bank' }, 'kind'],
    ['organisations: region not a UUID', listOrganisationsQuerySchema, { regionId: 'x' }, 'regionId'],
  ])('rejects: %s', (_label, schema, input, field) => {
    const result = schema.safeParse(input);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([field]);
  });
});

describe('uuidSchema', () => {
  it.each<[string, boolean]>([
    ['4d3c1a52-8f3b-4c3e-9d1a-2b7c5e6f7a8b', true],
    ['00000000-0000-0000-0000-000000000000', true],
    ['4d3c1a52-8f3b-4c3e-9d1a-2b7c5e6f7a8', false],
    ['not-a-uuid', false],
    ['', false],
  ])('%j → %s', (value, valid) => {
    const result = uuidSchema.safeParse(value);
    expect(result.success).toBe(valid);
    if (!valid) expect(result.error?.issues[0].message).toBe('must be a UUID');
  });
});
