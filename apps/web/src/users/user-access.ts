import {
  ROLES_BY_ORGANISATION_KIND,
  type AppAbility,
  type OrganisationDto,
  type Role,
  type UserDto,
} from '@evalflow/domain';
import { subjectOf } from '../auth/subjects';

/**
 * The CASL subject for a user record. Rules look at `organisationRegionId`, which UserDto does not carry (yet):
 * take it from the record when the API sends it, else from the organisation we know.
 */
export function userSubject(user: UserDto, organisation?: Pick<OrganisationDto, 'regionId'>) {
  const fromApi = (user as UserDto & { organisationRegionId?: string }).organisationRegionId;
  return subjectOf('User', {
    id: user.id,
    organisationId: user.organisationId,
    organisationRegionId: fromApi ?? organisation?.regionId ?? '',
    roles: [...user.roles],
  });
}

/** A not-yet-existing user of `organisation` holding `roles`, to ask "may I create this?". */
export function newUserSubject(organisation: Pick<OrganisationDto, 'id' | 'regionId'>, roles: Role[] = []) {
  return subjectOf('User', { id: '', organisationId: organisation.id, organisationRegionId: organisation.regionId, roles });
}

/**
 * Roles that may be granted to a user of `organisation`: those that fit the organisation's kind, minus the system
 * administrator role unless the signed-in user manages everything, minus whatever the rules forbid.
 */
export function grantableRoles(
  ability: AppAbility,
  organisation: Pick<OrganisationDto, 'id' | 'regionId' | 'kind'>,
  action: 'create' | 'update',
): Role[] {
  return ROLES_BY_ORGANISATION_KIND[organisation.kind].filter(
    (role) =>
      (role !== 'system_admin' || ability.can('manage', 'all')) &&
      ability.can(action, newUserSubject(organisation, [role]), action === 'update' ? 'roles' : undefined),
  );
}
