import type { Actor, AppAbility, OrganisationKind, Role } from '@evalflow/domain';

/** The signed-in user as every request sees it, loaded fresh per request (deactivation takes effect at once). */
export interface AuthenticatedUser extends Actor {
  username: string;
  displayName: string;
  email: string | null;
  organisationName: string;
  organisationKind: OrganisationKind;
  organisationRegionId: string;
  roles: Role[];
  sessionId: string;
}

export interface AuthenticatedRequest {
  user: AuthenticatedUser;
  ability: AppAbility;
}
