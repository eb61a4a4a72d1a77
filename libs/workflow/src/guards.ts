import type { FactsRecord, GuardDefinition } from './definition.types';

/** A guard as a person reads it in a refusal: which rule, in both languages. */
export interface GuardMessage {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
}

/*
 * Fact readers. Facts arrive from the API as plain JSON-ish values; anything but the exact expected value
 * (a missing fact, the string 'true', NaN) fails, so a fact the API forgot to compute blocks instead of waving through.
 */
export function factIsTrue(value: unknown): boolean {
  return value === true;
}

export function factIsZero(value: unknown): boolean {
  return value === 0;
}

export function guardMessage(guard: Pick<GuardDefinition, 'id' | 'zh' | 'en'>): GuardMessage {
  return { id: guard.id, zh: guard.zh, en: guard.en };
}

/**
 * Runs the named guards in the order given and returns every one that fails (not just the first), so a person sees
 * everything left to do at once. An id the definition does not know counts as failed: a definition bug must block.
 */
export function failingGuards<G extends string, F>(
  guards: readonly GuardDefinition<G, F>[],
  ids: readonly G[],
  facts: Partial<F> | FactsRecord,
): GuardMessage[] {
  const failed: GuardMessage[] = [];
  for (const id of ids) {
    const guard = guards.find((candidate) => candidate.id === id);
    if (!guard) {
      failed.push({ id, zh: `未定义的条件：${id}`, en: `undefined guard: ${id}` });
    } else if (!guard.test(facts as Partial<F>)) {
      failed.push(guardMessage(guard));
    }
  }
  return failed;
}
