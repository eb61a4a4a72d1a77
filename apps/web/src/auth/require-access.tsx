import { lazy, Suspense, type ReactNode } from 'react';
import type { AppAbility, Me } from '@evalflow/domain';
import { useAppAbility } from './use-app-ability';
import { useCurrentUser } from './use-session';

// Loaded when first shown: its illustration stays out of the login page's first load.
const ForbiddenPage = lazy(() => import('../errors/forbidden-page').then((module) => ({ default: module.ForbiddenPage })));

/** Renders the page only when the ability allows it; the 无权访问 page otherwise (deep links included). */
export function RequireAccess({ allowed, children }: { allowed: (ability: AppAbility, me: Me) => boolean; children: ReactNode }) {
  const ability = useAppAbility();
  const me = useCurrentUser();
  return allowed(ability, me) ? (
    children
  ) : (
    <Suspense fallback={null}>
      <ForbiddenPage />
    </Suspense>
  );
}
