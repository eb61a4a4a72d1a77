import { createMongoAbility, type ForcedSubject, type MongoAbility, type RawRuleOf } from '@casl/ability';
import type { Role } from './roles';
import type { OrganisationKind } from './organisations';

/**
 * Permissions, written once. The API builds its ability from these rules (route guard + check on the loaded
 * record); the web app receives the packed rules at login and hides what the user may not do.
 *
 * Scope words used below:
 * - own organisation: the organisation the user belongs to;
 * - jurisdiction (辖区): the region of the user's organisation and every region below it.
 */
export type Action = 'manage' | 'create' | 'read' | 'update' | 'delete';
export type SubjectName = 'Organisation' | 'User' | 'Region' | 'QueueDashboard' | 'all';

/** Attributes a rule condition may look at, per subject (records are checked as plain objects). */
export interface OrganisationSubject {
  id: string;
  regionId: string;
  kind: OrganisationKind;
}
export interface UserSubject {
  id: string;
  organisationId: string;
  organisationRegionId: string;
  roles: Role[];
}

/** A subject is a name, or a plain record tagged with its name by `asSubject`. */
export type AppSubject = SubjectName | ForcedSubject<Exclude<SubjectName, 'all'>>;
export type AppAbility = MongoAbility<[Action, AppSubject]>;
export type AppRule = RawRuleOf<AppAbility>;

/** What the permission rules need to know about the signed-in user. */
export interface Actor {
  id: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  roles: readonly Role[];
  /** Region ids of the user's organisation's region and every descendant. */
  jurisdictionRegionIds: readonly string[];
}

/** Fields a user may change on their own account. */
export const SELF_EDITABLE_USER_FIELDS = ['displayName', 'email', 'password'] as const;

export function defineRulesFor(actor: Actor): AppRule[] {
  const rules: AppRule[] = [];
  const allow = (action: Action | Action[], subject: SubjectName, conditions?: object, fields?: string[]) =>
    rules.push({ action, subject, conditions, fields } as AppRule);
  const forbid = (action: Action | Action[], subject: SubjectName, conditions?: object, reason?: string) =>
    rules.push({ action, subject, conditions, inverted: true, reason } as AppRule);
  const inJurisdiction = { $in: [...actor.jurisdictionRegionIds] };

  // Everybody signed in: the region list, their own organisation, their colleagues, their own account.
  allow('read', 'Region');
  allow('read', 'Organisation', { id: actor.organisationId });
  allow('read', 'User', { organisationId: actor.organisationId });
  allow('update', 'User', { id: actor.id }, [...SELF_EDITABLE_USER_FIELDS]);

  for (const role of actor.roles) {
    switch (role) {
      case 'system_admin':
        allow('manage', 'all');
        break;
      case 'finance_admin':
        allow(['read', 'create', 'update'], 'Organisation', { regionId: inJurisdiction });
        allow(['read', 'create', 'update'], 'User', { organisationRegionId: inJurisdiction });
        break;
      case 'finance_officer':
      case 'auditor':
        allow('read', 'Organisation', { regionId: inJurisdiction });
        allow('read', 'User', { organisationRegionId: inJurisdiction });
        break;
      default:
        break;
    }
  }

  if (!actor.roles.includes('system_admin')) {
    // Only a system administrator may grant or hold-edit the system administrator role.
    forbid(['create', 'update'], 'User', { roles: 'system_admin' }, 'only a system administrator may manage administrators');
    forbid('delete', 'all', undefined, 'records are deactivated, never deleted');
  }
  return rules;
}

export function createAbility(rules: AppRule[]): AppAbility {
  return createMongoAbility<AppAbility>(rules);
}

export function defineAbilityFor(actor: Actor): AppAbility {
  return createAbility(defineRulesFor(actor));
}

/** Tags a plain record with its subject type so CASL can match it (CASL's own helper, re-exported). */
export { subject as asSubject } from '@casl/ability';
