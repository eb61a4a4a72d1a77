import { useAbility } from '@casl/react';
import type { AppAbility } from '@evalflow/domain';

/** The signed-in user's CASL ability; re-renders the caller when the rules change (login, refresh, logout). */
export function useAppAbility(): AppAbility {
  return useAbility<AppAbility>();
}
