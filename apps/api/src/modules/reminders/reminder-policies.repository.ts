import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ReminderPolicy, ReminderPolicyScope, ReminderPolicySettingDto } from '@evalflow/domain';
import { many, one, type Queryable } from '../../infrastructure/database/queryable';

const SELECT = `SELECT p.region_id AS "regionId", r.name AS "regionName", p.deadline_key AS "deadlineKey", p.policy, p.version, p.updated_at AS "updatedAt"
  FROM reminder_policies p JOIN regions r ON r.id = p.region_id`;

type PolicyRow = Omit<ReminderPolicySettingDto, 'updatedAt'> & { updatedAt: Date | string };

function toDto(row: PolicyRow): ReminderPolicySettingDto {
  return { ...row, updatedAt: new Date(row.updatedAt).toISOString() };
}

/** 提醒规则: the reminder policy set per region and deadline key. */
@Injectable()
export class ReminderPoliciesRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  async all(): Promise<ReminderPolicySettingDto[]> {
    return (await many<PolicyRow>(this.db, `${SELECT} ORDER BY r.path, p.deadline_key`)).map(toDto);
  }

  async find(regionId: string, deadlineKey: string): Promise<ReminderPolicySettingDto | null> {
    const row = await one<PolicyRow>(this.db, `${SELECT} WHERE p.region_id = $1 AND p.deadline_key = $2`, [regionId, deadlineKey]);
    return row ? toDto(row) : null;
  }

  /** The version of the setting, locked for the caller's transaction; null when the region has none for the key. */
  async lockVersion(runner: Queryable, regionId: string, deadlineKey: ReminderPolicyScope): Promise<number | null> {
    const row = await one<{ version: number }>(runner, `SELECT version FROM reminder_policies WHERE region_id = $1 AND deadline_key = $2 FOR UPDATE`, [regionId, deadlineKey]);
    return row?.version ?? null;
  }

  async save(runner: Queryable, regionId: string, deadlineKey: string, policy: ReminderPolicy, userId: string): Promise<void> {
    await runner.query(
      `INSERT INTO reminder_policies (region_id, deadline_key, policy, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (region_id, deadline_key) DO UPDATE SET policy = EXCLUDED.policy, updated_by = EXCLUDED.updated_by,
         version = reminder_policies.version + 1, updated_at = now()`,
      [regionId, deadlineKey, JSON.stringify(policy), userId],
    );
  }
}
