import { Injectable } from '@nestjs/common';
import { DEFAULT_REMINDER_POLICY, DomainError, asSubject, type AppAbility, type ReminderPoliciesDto, type ReminderPolicySettingDto, type SaveReminderPolicyInput } from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { assertCan } from '../../authz/record-access';
import { versionConflict } from '../../common/version-conflict';
import { ReminderPoliciesRepository } from './reminder-policies.repository';

/**
 * Reminder policies per region and deadline key. Who sees and sets which is the CASL subject `ReminderPolicy`
 * (libs/domain permissions): finance admins set those of their jurisdiction, finance officers read them, system
 * admins read all.
 */
@Injectable()
export class ReminderPoliciesService {
  constructor(private readonly policies: ReminderPoliciesRepository) {}

  async list(ability: AppAbility): Promise<ReminderPoliciesDto> {
    // The CASL rules decide which regions' settings the caller sees (the route already refused those who see none).
    const settings = (await this.policies.all()).filter((row) => ability.can('read', asSubject('ReminderPolicy', { regionId: row.regionId })));
    return { defaultPolicy: DEFAULT_REMINDER_POLICY, settings };
  }

  async save(user: AuthenticatedUser, ability: AppAbility, input: SaveReminderPolicyInput): Promise<ReminderPolicySettingDto> {
    const target = asSubject('ReminderPolicy', { regionId: input.regionId });
    // Same answer for a region that does not exist and one outside the jurisdiction.
    if (!ability.can('read', target)) {
      throw new DomainError('RULE_VIOLATION', 'Not your region', [{ path: 'regionId', message: 'not a region of your jurisdiction' }]);
    }
    assertCan(ability, 'update', 'ReminderPolicy', { regionId: input.regionId });
    await this.policies.db.transaction(async (manager) => {
      const current = await this.policies.lockVersion(manager, input.regionId, input.deadlineKey);
      if (current !== null && current !== input.expectedVersion) throw versionConflict(current);
      if (current === null && input.expectedVersion !== undefined) throw versionConflict(undefined);
      await this.policies.save(manager, input.regionId, input.deadlineKey, input.policy, user.id);
    });
    // A changed policy applies to reminders planned from now on (docs/reminders.md: running plans are not redone).
    return (await this.policies.find(input.regionId, input.deadlineKey))!;
  }
}
