import type { ReactNode } from 'react';
import type { AppAbility, Me } from '@evalflow/domain';
import { ForbiddenPage } from '../errors/forbidden-page';
import { useAppAbility } from './use-app-ability';
import { useCurrentUser } from './use-session';

/** Renders the page only when the ability allows it; the 无权访问 page otherwise (deep links included). */
export function RequireAccess({ allowed, children }: { allowed: (ability: AppAbility, me: Me) => boolean; children: ReactNode }) {
  const ability = useAppAbility();
  const me = useCurrentUser();
  return allowed(ability, me) ? children : <ForbiddenPage />;
}
