import { DataSource } from 'typeorm';
import argon2 from 'argon2';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_REGIONS, DEMO_USERS, demoCreditCode } from './demo-data';

/**
 * Loads the demo data into an empty database, in one transaction. Returns false (and writes nothing) when the
 * database already has users: demo data is for a first start, never mixed into real data.
 */
export async function seedDemoData(db: DataSource, password = DEMO_PASSWORD): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [{ count }] = await tx.query('SELECT count(*)::int AS count FROM users');
    if (count > 0) return false;
    const regionIds = new Map<string, { id: string; path: string; level: number }>();
    for (const region of DEMO_REGIONS) {
      const parent = region.parent ? regionIds.get(region.parent)! : null;
      const path = parent ? `${parent.path}/${region.code}` : region.code;
      const level = parent ? parent.level + 1 : 1;
      const [row] = await tx.query(
        `INSERT INTO regions (code, name, parent_id, level, path) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [region.code, region.name, parent?.id ?? null, level, path],
      );
      regionIds.set(region.code, { id: row.id, path, level });
    }
    const organisationIds = new Map<string, string>();
    for (const organisation of DEMO_ORGANISATIONS) {
      const [row] = await tx.query(
        `INSERT INTO organisations (name, short_name, kind, credit_code, region_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [organisation.name, organisation.shortName, organisation.kind, demoCreditCode(organisation), regionIds.get(organisation.region)!.id],
      );
      organisationIds.set(organisation.key, row.id);
    }
    for (const user of DEMO_USERS) {
      await tx.query(
        `INSERT INTO users (username, display_name, email, password_hash, organisation_id, roles) VALUES ($1, $2, $3, $4, $5, $6)`,
        [user.username, user.displayName, user.email, await argon2.hash(password, { type: argon2.argon2id }), organisationIds.get(user.organisation)!, user.roles],
      );
    }
    return true;
  });
}
