import type { AnyWorkflowDefinition, StateTimer } from './definition.types';
import type { DeadlineKey } from './vocabulary';

/** The timers of `state` (empty when it has none or is unknown). */
export function stateTimers(definition: AnyWorkflowDefinition, state: string): readonly StateTimer[] {
  return definition.states.find((s) => s.id === state)?.timers ?? [];
}

/** The action the system fires when `deadline` has passed while the record is in `state`, if a timer says so. */
export function timerAction(definition: AnyWorkflowDefinition, state: string, deadline: string): string | null {
  return stateTimers(definition, state).find((timer) => timer.deadline === deadline)?.action ?? null;
}

/** Every (state, deadline) pair some definition's timer watches: the API's sweep looks for exactly these. */
export function timedStates(definitions: readonly AnyWorkflowDefinition[]): { workflow: string; state: string; deadline: DeadlineKey; action: string }[] {
  return definitions.flatMap((d) => d.states.flatMap((s) => (s.timers ?? []).map((t) => ({ workflow: d.id, state: s.id, deadline: t.deadline, action: t.action }))));
}
