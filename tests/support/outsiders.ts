import type { TestApp } from './test-app';

/**
 * Two parties the demo data lacks, which authorisation tables need: an auditor outside the jurisdiction of 长沙市's
 * bodies (浏阳市审计局: its region lies below 长沙, so it sees 浏阳 only) and the lead of an evaluation firm that is
 * assigned to nothing. Same password as the demo users (the row copies dept.staff's hash), so `t.token` signs them in.
 */
export const OUTSIDERS = [
  { username: 'liuyang.auditor', organisation: '浏阳市审计局', kind: 'audit_office', region: '430181', roles: ['auditor'], code: '11430181TEST00001X' },
  { username: 'other.firm.lead', organisation: '湖南另一会计师事务所', kind: 'evaluation_firm', region: '430100', roles: ['evaluation_lead'], code: '91430100TEST00002X' },
] as const;

export async function addOutsiders(t: TestApp): Promise<void> {
  for (const extra of OUTSIDERS) {
    const [organisation] = await t.db.query(`INSERT INTO organisations (name, kind, credit_code, region_id) SELECT $1, $2, $3, id FROM regions WHERE code = $4 RETURNING id`, [
      extra.organisation,
      extra.kind,
      extra.code,
      extra.region,
    ]);
    await t.db.query(`INSERT INTO users (username, display_name, password_hash, organisation_id, roles) SELECT $1, $1, password_hash, $2, $3 FROM users WHERE username = 'dept.staff'`, [
      extra.username,
      organisation.id,
      [...extra.roles],
    ]);
  }
}
