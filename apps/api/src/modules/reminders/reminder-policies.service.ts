import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DEFAULT_REMINDER_POLICY, DomainError, type ReminderPoliciesDto, type ReminderPolicySettingDto, type SaveReminderPolicyInput } from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { versionConflict } from '../../common/version-conflict';

/**
 * Reminder policies per region and deadline key. Finance admins (绩效科负责人) set them for their region and the
 * regions below it; finance officers read those of their jurisdiction; system admins read all.
 */
@Injectable()
export class ReminderPoliciesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(user: AuthenticatedUser): Promise<ReminderPoliciesDto> {
    const everything = user.roles.includes('system_admin');
    if (!everything && !user.roles.some((role) => role === 'finance_admin' || role === 'finance_officer')) {
      throw new DomainError('FORBIDDEN', 'Only finance staff and system administrators see reminder policies');
    }
    const rows = await this.db.query(
      `${SELECT} ${everything ? '' : 'WHERE p.region_id = ANY($1::uuid[])'} ORDER BY r.path, p.deadline_key`,
      everything ? [] : [[...user.jurisdictionRegionIds]],
    );
    return { defaultPolicy: DEFAULT_REMINDER_POLICY, settings: rows.map(toDto) };
  }

  async save(user: AuthenticatedUser, input: SaveReminderPolicyInput): Promise<ReminderPolicySettingDto> {
    if (!user.roles.includes('finance_admin')) throw new DomainError('FORBIDDEN', 'Only a finance admin sets reminder policies');
    // Same answer for a region that does not exist and one outside the jurisdiction.
    if (!user.jurisdictionRegionIds.includes(input.regionId)) {
      throw new DomainError('RULE_VIOLATION', 'Not your region', [{ path: 'regionId', message: 'not a region of your jurisdiction' }]);
    }
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
