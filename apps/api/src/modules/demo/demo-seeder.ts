import { DataSource } from 'typeorm';
import argon2 from 'argon2';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_REGIONS, DEMO_USERS, demoCreditCode } from './demo-data';
import { insertDemoOrganisation, insertDemoUser, upsertDemoRegion, userCount } from './demo.repository';

/**
 * Loads the demo data into an empty database, in one transaction. Returns false (and writes nothing) when the
 * database already has users: demo data is for a first start, never mixed into real data.
 */
export async function seedDemoData(db: DataSource, password = DEMO_PASSWORD): Promise<boolean> {
  return db.transaction(async (tx) => {
    if ((await userCount(tx)) > 0) return false;
    const regionIds = new Map<string, { id: string; path: string; level: number }>();
    for (const region of DEMO_REGIONS) {
      const parent = region.parent ? regionIds.get(region.parent)! : null;
      const path = parent ? `${parent.path}/${region.code}` : region.code;
      const level = parent ? parent.level + 1 : 1;
      const id = await upsertDemoRegion(tx, { code: region.code, name: region.name, parentId: parent?.id ?? null, level, path });
      regionIds.set(region.code, { id, path, level });
    }
    const organisationIds = new Map<string, string>();
    for (const organisation of DEMO_ORGANISATIONS) {
      const id = await insertDemoOrganisation(tx, {
        name: organisation.name,
        shortName: organisation.shortName,
        kind: organisation.kind,
        creditCode: demoCreditCode(organisation),
        regionId: regionIds.get(organisation.region)!.id,
      });
      organisationIds.set(organisation.key, id);
    }
    for (const user of DEMO_USERS) {
      await insertDemoUser(tx, {
        username: user.username,
        displayName: user.displayName,
        email: user.email,
        passwordHash: await argon2.hash(password, { type: argon2.argon2id }),
        organisationId: organisationIds.get(user.organisation)!,
        roles: user.roles,
      });
    }
    return true;
  });
}
