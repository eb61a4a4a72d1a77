import type { Role } from '@evalflow/domain';
import type { AnyWorkflowDefinition, Label, Permit } from './definition.types';
import type { Relation, WorkflowId } from './vocabulary';
import { ALL_WORKFLOWS } from './workflows';

/*
 * Who a state waits on (我的待办, issue 10 §3): the parties of the state's data entry (`work`) and of the transitions
 * a party may fire from it — except the actions that are no work waiting on anyone. The API keeps one task row per
 * record and waiting party (workflow_tasks) from this, in the transaction of the transition.
 */

/**
 * Actions that are always possible for someone but are nobody's pending work, per lifecycle: the bureau may always
 * cancel an evaluation; carrying an item over to next year and reopening a verified item are decisions, not work
 * the item waits on.
 */
export const NOT_WAITING_ACTIONS: Readonly<Record<WorkflowId, readonly string[]>> = {
  evaluation_key: ['cancel'],
  evaluation_self: ['cancel'],
  rectification_item: ['carry_over', 'reopen'],
  document_request: [],
  working_paper: [],
};

/** What a waiting party is expected to do in the state: the actions it may fire and the work that is its own. */
export interface WaitingLabels {
  readonly actions: readonly { readonly action: string; readonly label: Label }[];
  readonly work: readonly Label[];
}

/** One party the state waits on: whoever holds one of `roles` and stands in `relation` to the record. */
export interface WaitingParty extends Permit {
  readonly labels: WaitingLabels;
}

const partyKey = (permit: Permit) => `${permit.relation}|${[...permit.roles].sort().join(',')}`;

/**
 * The parties `state` waits on, one per distinct permit (relation and roles), in the order the definition names
 * them; roles sorted, actions in the definition's order, work in the state's order. Empty for a terminal state and
 * for a state nobody has anything to do in.
 */
export function waitingParties(definition: AnyWorkflowDefinition, state: string): WaitingParty[] {
  const excluded = NOT_WAITING_ACTIONS[definition.id];
  const parties = new Map<string, { relation: Relation; roles: Role[]; actions: { action: string; label: Label }[]; work: Label[] }>();
  const partyOf = (permit: Permit) => {
    const key = partyKey(permit);
    let party = parties.get(key);
    if (!party) {
      party = { relation: permit.relation, roles: [...permit.roles].sort(), actions: [], work: [] };
      parties.set(key, party);
    }
    return party;
  };
  for (const work of definition.states.find((s) => s.id === state)?.work ?? []) {
    for (const permit of work.permits) {
      const party = partyOf(permit);
      if (!party.work.includes(work.label)) party.work.push(work.label);
    }
  }
  for (const transition of definition.transitions) {
    if (!transition.from.includes(state) || excluded.includes(transition.action)) continue;
    for (const permit of transition.permits) {
      const party = partyOf(permit);
      if (!party.actions.some((a) => a.action === transition.action)) party.actions.push({ action: transition.action, label: transition.label });
    }
  }
  return [...parties.values()].map(({ relation, roles, actions, work }) => ({ relation, roles, labels: { actions, work } }));
}

/**
 * The relations in which a user with these roles can be waited on, in any state of any lifecycle: the inbox looks
 * for tasks in these relations only (a department's staff is never waited on as the commissioning bureau).
 */
export function waitedOnRelations(roles: readonly Role[], definitions: readonly AnyWorkflowDefinition[] = ALL_WORKFLOWS): Relation[] {
  const relations = new Set<Relation>();
  for (const definition of definitions) {
    for (const state of definition.states) {
      for (const party of waitingParties(definition, state.id)) {
        if (party.roles.some((role) => roles.includes(role))) relations.add(party.relation);
      }
    }
  }
  return [...relations].sort();
}
