import { useSyncExternalStore } from 'react';
import type { Me } from '@evalflow/domain';
import { getSessionSnapshot, subscribeSession, type SessionSnapshot } from './session-store';

export function useSession(): SessionSnapshot {
  return useSyncExternalStore(subscribeSession, getSessionSnapshot, getSessionSnapshot);
}

/** The signed-in user; only call below <RequireAuth>. */
export function useCurrentUser(): Me {
  const { user } = useSession();
  if (!user) throw new Error('useCurrentUser called outside an authenticated route');
  return user;
}
