import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DEFAULT_REMINDER_POLICY, DomainError, asSubject, type AppAbility, type ReminderPoliciesDto, type ReminderPolicySettingDto, type SaveReminderPolicyInput } from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { assertCan } from '../../authz/record-access';
import { versionConflict } from '../../common/version-conflict';

/**
 * Reminder policies per region and deadline key. Who sees and sets which is the CASL subject `ReminderPolicy`
 * (libs/domain permissions): finance admins set those of their jurisdiction, finance officers read them, system
 * admins read all.
 */
@Injectable()
export class ReminderPoliciesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(ability: AppAbility): Promise<ReminderPoliciesDto> {
    const rows: (ReminderPolicySettingDto & { updatedAt: Date })[] = await this.db.query(`${SELECT} ORDER BY r.path, p.deadline_key`);
    // The CASL rules decide which regions' settings the caller sees (the route already refused those who see none).
    return { defaultPolicy: DEFAULT_REMINDER_POLICY, settings: rows.filter((row) => ability.can('read', asSubject('ReminderPolicy', { regionId: row.regionId }))).map(toDto) };
  }

  async save(user: AuthenticatedUser, ability: AppAbility, input: SaveReminderPolicyInput): Promise<ReminderPolicySettingDto> {
    const target = asSubject('ReminderPolicy', { regionId: input.regionId });
    // Same answer for a region that does not exist and one outside the jurisdiction.
    if (!ability.can('read', target)) {
      throw new DomainError('RULE_VIOLATION', 'Not your region', [{ path: 'regionId', message: 'not a region of your jurisdiction' }]);
    }
    assertCan(ability, 'update', 'ReminderPolicy', { regionId: input.regionId });
    await this.db.transaction(async (manager) => {
      const [current] = await manager.query(`SELECT version FROM reminder_policies WHERE region_id = $1 AND deadline_key = $2 FOR UPDATE`, [input.regionId, input.deadlineKey]);
      if (current && current.version !== input.expectedVersion) throw versionConflict(current.version);
      if (!current && input.expectedVersion !== undefined) throw versionConflict(undefined);
      await manager.query(
        `INSERT INTO reminder_policies (region_id, deadline_key, policy, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (region_id, deadline_key) DO UPDATE SET policy = EXCLUDED.policy, updated_by = EXCLUDED.updated_by,
           version = reminder_policies.version + 1, updated_at = now()`,
        [input.regionId, input.deadlineKey, JSON.stringify(input.policy), user.id],
      );
    });
    // A changed policy applies to reminders planned from now on (docs/reminders.md: running plans are not redone).
    const [row] = await this.db.query(`${SELECT} WHERE p.region_id = $1 AND p.deadline_key = $2`, [input.regionId, input.deadlineKey]);
    return toDto(row);
  }
}

const SELECT = `SELECT p.region_id AS "regionId", r.name AS "regionName", p.deadline_key AS "deadlineKey", p.policy, p.version, p.updated_at AS "updatedAt"
  FROM reminder_policies p JOIN regions r ON r.id = p.region_id`;

function toDto(row: ReminderPolicySettingDto & { updatedAt: Date | string }): ReminderPolicySettingDto {
  return { ...row, updatedAt: new Date(row.updatedAt).toISOString() };
}
