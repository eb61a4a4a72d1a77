import { unpackRules, type PackRule } from '@casl/ability/extra';
import { createAbility, type AppRule, type Me } from '@evalflow/domain';

/**
 * The signed-in session, in memory only: the access token never touches localStorage. The refresh token is an
 * httpOnly cookie the page cannot read. One ability instance lives for the whole page; `update` re-renders
 * every `Can`/`useAbility` consumer.
 */
export type SessionStatus = 'loading' | 'anonymous' | 'authenticated';

export interface SessionSnapshot {
  status: SessionStatus;
  user: Me | null;
}

export interface SessionPayload {
  accessToken: string;
  user: Me;
  rules: unknown[];
}

export const ability = createAbility([]);

let accessToken: string | null = null;
let snapshot: SessionSnapshot = { status: 'loading', user: null };
const listeners = new Set<() => void>();

function publish(next: SessionSnapshot): void {
  snapshot = next;
  for (const listener of listeners) listener();
}

export function getAccessToken(): string | null {
  return accessToken;
}

export function getSessionSnapshot(): SessionSnapshot {
  return snapshot;
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function startSession(payload: SessionPayload): void {
  accessToken = payload.accessToken;
  ability.update(unpackRules(payload.rules as PackRule<AppRule>[]) as AppRule[]);
  publish({ status: 'authenticated', user: payload.user });
}

export function endSession(): void {
  accessToken = null;
  ability.update([]);
  publish({ status: 'anonymous', user: null });
}
