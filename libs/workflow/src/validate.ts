import { isRole } from '@evalflow/domain';
import type { AnyWorkflowDefinition, Permit } from './definition.types';
import { DEADLINE_KEYS, isRelation } from './vocabulary';

/** States reachable from `start` by following transitions forward. */
export function reachableFrom(definition: AnyWorkflowDefinition, start: string): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const state = queue.shift() as string;
    for (const t of definition.transitions) {
      if (t.from.includes(state) && !seen.has(t.to)) {
        seen.add(t.to);
        queue.push(t.to);
      }
    }
  }
  return seen;
}

/**
 * Everything that would make a definition unsafe to run, as readable problems (empty when sound). The specs assert
 * it is empty for every shipped definition; the API may call it at start-up as a tripwire.
 */
export function validateDefinition(definition: AnyWorkflowDefinition): string[] {
  const problems: string[] = [];
  const states = definition.states.map((s) => s.id);
  const stateSet = new Set(states);
  const guardIds = new Set(definition.guards.map((g) => g.id));
  const terminal = new Set(definition.terminal);

  if (stateSet.size !== states.length) problems.push('duplicate state ids');
  if (guardIds.size !== definition.guards.length) problems.push('duplicate guard ids');
  if (!stateSet.has(definition.initial)) problems.push(`initial state ${definition.initial} is not a state`);
  if (terminal.size === 0) problems.push('no terminal state');
  for (const s of definition.terminal) if (!stateSet.has(s)) problems.push(`terminal state ${s} is not a state`);
  for (const s of definition.states) if (!s.label.zh || !s.label.en) problems.push(`state ${s.id} lacks a label`);
  for (const s of definition.states) {
    for (const work of s.work ?? []) {
      if (!work.label.zh || !work.label.en) problems.push(`state ${s.id}: work without a label`);
      if (work.permits.length === 0) problems.push(`state ${s.id}: work nobody does`);
      problems.push(...permitProblems(`state ${s.id} work`, work.permits));
    }
  }

  for (const s of definition.states) {
    for (const timer of s.timers ?? []) {
      if (!DEADLINE_KEYS.includes(timer.deadline)) problems.push(`state ${s.id}: timer on unknown deadline ${String(timer.deadline)}`);
      const fired = definition.transitions.find((t) => t.action === timer.action && t.from.includes(s.id));
      if (!fired) problems.push(`state ${s.id}: timer fires ${timer.action}, which does not leave the state`);
      else if (!fired.system) problems.push(`state ${s.id}: timer fires ${timer.action}, which is not a system transition`);
    }
  }
  for (const r of definition.records ?? []) {
    if (!r.label.zh || !r.label.en) problems.push(`record ${r.action} lacks a label`);
    if (definition.transitions.some((t) => t.action === r.action)) problems.push(`record ${r.action} is also a transition`);
  }

  const declaredActions = new Set(definition.actions);
  const usedActions = new Set(definition.transitions.map((t) => t.action));
  for (const a of declaredActions) if (!usedActions.has(a)) problems.push(`action ${a} has no transition`);
  for (const a of usedActions) if (!declaredActions.has(a)) problems.push(`action ${a} is not declared`);

  const pairs = new Set<string>();
  const usedGuards = new Set<string>();
  for (const t of definition.transitions) {
    const where = `${t.action} (${t.from.join(', ')} → ${t.to})`;
    if (!t.label.zh || !t.label.en) problems.push(`${where}: no label`);
    if (t.from.length === 0) problems.push(`${where}: no source state`);
    for (const s of t.from) {
      if (!stateSet.has(s)) problems.push(`${where}: unknown source state ${s}`);
      const pair = `${s}\u0000${t.action}`;
      if (pairs.has(pair)) problems.push(`duplicate (from, action): (${s}, ${t.action})`);
      pairs.add(pair);
      if (terminal.has(s) && !t.reopens) problems.push(`${where}: leaves terminal state ${s} without reopens`);
    }
    if (t.reopens && !t.from.every((s) => terminal.has(s))) problems.push(`${where}: reopens from a non-terminal state`);
    if (!stateSet.has(t.to)) problems.push(`${where}: unknown target state ${t.to}`);
    if (t.system) {
      // Only the system fires it, when a timer of each of its source states runs out.
      if (t.permits.length > 0) problems.push(`${where}: a system transition names people`);
      for (const s of t.from) {
        const timers = definition.states.find((state) => state.id === s)?.timers ?? [];
        if (!timers.some((timer) => timer.action === t.action)) problems.push(`${where}: a system transition no timer of ${s} fires`);
      }
    } else if (t.permits.length === 0) problems.push(`${where}: nobody may fire it`);
    problems.push(...permitProblems(where, t.permits));
    for (const g of t.guards ?? []) {
      usedGuards.add(g);
      if (!guardIds.has(g)) problems.push(`${where}: unknown guard ${g}`);
    }
    for (const [name, parameter] of Object.entries(t.parameters ?? {})) {
      if (parameter.options.length === 0) problems.push(`${where}: parameter ${name} has no options`);
    }
    for (const e of t.effects) {
      if (e.type === 'notify') {
        if (e.to.length === 0 || e.to.some((r) => r.roles.length === 0)) problems.push(`${where}: notify without recipients`);
        if (!e.template) problems.push(`${where}: notify without template`);
      }
      if ((e.type === 'schedule_deadline' || e.type === 'cancel_deadline') && !DEADLINE_KEYS.includes(e.deadline)) {
        problems.push(`${where}: unknown deadline ${String(e.deadline)}`);
      }
    }
  }
  for (const g of definition.guards) {
    if (!usedGuards.has(g.id)) problems.push(`guard ${g.id} is never used`);
    if (!g.zh || !g.en) problems.push(`guard ${g.id} lacks a message`);
    if (g.reads.length === 0) problems.push(`guard ${g.id} reads no fact`);
  }

  const reachable = reachableFrom(definition, definition.initial);
  for (const s of states) if (!reachable.has(s)) problems.push(`state ${s} is unreachable from ${definition.initial}`);
  for (const s of states) {
    const onward = reachableFrom(definition, s);
    if (![...onward].some((x) => terminal.has(x))) problems.push(`state ${s} cannot reach a terminal state`);
  }
  return problems;
}

/** Problems with permits (of a transition or of a state's work): known roles and relations, never system_admin. */
function permitProblems(where: string, permits: readonly Permit[]): string[] {
  const problems: string[] = [];
  for (const p of permits) {
    if (p.roles.length === 0) problems.push(`${where}: a permit without roles`);
    for (const r of p.roles) if (!isRole(r)) problems.push(`${where}: unknown role ${String(r)}`);
    if (p.roles.includes('system_admin')) problems.push(`${where}: system_admin holds no workflow power`);
    if (!isRelation(p.relation)) problems.push(`${where}: unknown relation ${String(p.relation)}`);
  }
  return problems;
}
