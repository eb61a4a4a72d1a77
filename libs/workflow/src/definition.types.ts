import type { Role } from '@evalflow/domain';
import type { DeadlineKey, Relation, WorkflowId } from './vocabulary';

/** Text for people, in both languages the product speaks. */
export interface Label {
  readonly zh: string;
  readonly en: string;
}

/** The actor must hold one of `roles` AND stand in `relation` to the aggregate. */
export interface Permit {
  readonly roles: readonly Role[];
  readonly relation: Relation;
}

/** Who is told: the users holding one of `roles` who stand in `relation` to the aggregate. */
export interface Recipient {
  readonly relation: Relation;
  readonly roles: readonly Role[];
}

/**
 * What the API must do after the state changes, as plain values (written to the outbox in the same transaction).
 * The workflow only names them; rendering mail, computing dates and storing snapshots belong to the API.
 */
export type Effect =
  | { readonly type: 'notify'; readonly to: readonly Recipient[]; readonly template: string }
  | { readonly type: 'schedule_deadline'; readonly deadline: DeadlineKey }
  | { readonly type: 'cancel_deadline'; readonly deadline: DeadlineKey }
  /** Record a snapshot of what was approved (ARCHITECTURE rule 4). */
  | { readonly type: 'snapshot' }
  /** Open one rectification item per finding (DOMAIN §2.6: "every finding becomes a rectification item"). */
  | { readonly type: 'open_rectification_items' }
  /**
   * Freeze the team's scores as the baseline the department is shown (征求意见稿): from then on any score that
   * differs from it must say why (DOMAIN §2.4).
   */
  | { readonly type: 'freeze_scores' }
  /**
   * A document-request item not provided becomes a proposed finding (资料未提供) for the team to confirm or discard,
   * quoting the department's reason (the transition's comment) and naming the indicators that need the material.
   */
  | { readonly type: 'propose_document_finding' }
  /** The material came after all: the item's open 资料未提供 proposal is obsolete. */
  | { readonly type: 'obsolete_document_finding' }
  /**
   * The comment period ran out (DOMAIN §2.4: no answer by the deadline counts as no objection): every finding the
   * department has not answered is recorded as accepted (无异议), marked as answered by nobody.
   */
  | { readonly type: 'record_no_objection' }
  /**
   * 文号 (issue 12 §5): when the record has no hand-typed number, the next number of its issuer's series for the year
   * is assigned in this transaction (gap-free, never reused).
   */
  | { readonly type: 'assign_report_number' };
export type EffectType = Effect['type'];

/** Facts the API computes about the aggregate before asking the workflow. Type aliases, not interfaces, so they fit here. */
export type FactsRecord = Readonly<Record<string, unknown>>;

/**
 * A named predicate over the facts. `reads` lists the facts it looks at, so the API can compute only what is needed
 * and the docs can show the contract. A missing or mistyped fact fails the guard: the workflow fails closed.
 */
export interface GuardDefinition<G extends string = string, F = FactsRecord> {
  readonly id: G;
  readonly zh: string;
  readonly en: string;
  readonly reads: readonly (keyof F & string)[];
  // Method syntax on purpose: it lets a definition with specific facts be used where any definition is expected.
  test(facts: Partial<F>): boolean;
}

export interface ParameterOption {
  readonly value: string;
  readonly zh: string;
  readonly en: string;
}

/** A required choice the actor makes when firing a transition (e.g. the 审核等级 rating), validated by applyTransition. */
export interface ParameterDefinition {
  readonly label: Label;
  readonly options: readonly ParameterOption[];
}

export interface TransitionDefinition<S extends string = string, A extends string = string, G extends string = string> {
  readonly action: A;
  readonly from: readonly S[];
  readonly to: S;
  readonly label: Label;
  /** Any one permit suffices. Never empty (except on a `system` transition, where it is empty); never names system_admin. */
  readonly permits: readonly Permit[];
  /** All must pass; a refusal lists every one that failed. */
  readonly guards?: readonly G[];
  /** A reason is part of the record (returns, cancellations, declines): a blank comment is refused. */
  readonly requiresComment?: boolean;
  readonly parameters?: Readonly<Record<string, ParameterDefinition>>;
  readonly effects: readonly Effect[];
  /** Marks the only kind of transition allowed out of a terminal state (e.g. an auditor reopening a verified item). */
  readonly reopens?: boolean;
  /**
   * Fired by the system only, when a timer of its source state runs out (see StateDefinition.timers); `permits` stays
   * empty: no person may fire it, and the history records the system as its actor.
   */
  readonly system?: true;
}

/**
 * A timer of a state (issue 12 §4): when the record's deadline `deadline` has passed while the record is in the
 * state, the system fires `action` (a `system` transition leaving the state) through the engine, once.
 */
export interface StateTimer {
  readonly deadline: DeadlineKey;
  readonly action: string;
}

/**
 * Work a state waits on that is data entry rather than a transition (filling the self-evaluation form, scoring,
 * answering findings): the inbox shows it to whoever holds one of the permits.
 */
export interface StateWork {
  readonly permits: readonly Permit[];
  readonly label: Label;
}

export interface StateDefinition<S extends string = string> {
  readonly id: S;
  readonly label: Label;
  readonly work?: readonly StateWork[];
  readonly timers?: readonly StateTimer[];
}

export interface WorkflowDefinition<
  S extends string = string,
  A extends string = string,
  G extends string = string,
  F = FactsRecord,
> {
  readonly id: WorkflowId;
  readonly label: Label;
  readonly states: readonly StateDefinition<S>[];
  readonly initial: S;
  /** States where the work is finished; only a `reopens` transition may leave one. */
  readonly terminal: readonly S[];
  readonly actions: readonly A[];
  readonly guards: readonly GuardDefinition<G, F>[];
  readonly transitions: readonly TransitionDefinition<S, A, G>[];
  /**
   * Acts the history records that are no transition (the state does not change), with their labels: e.g. the
   * publication of a report to the public and its withdrawal.
   */
  readonly records?: readonly { readonly action: string; readonly label: Label }[];
  /**
   * Who may act, in this lifecycle's own words, for a person whose role could use a permit but who lacks its
   * relation (a `not_assigned` refusal), where the generic 须为… would say too little: e.g. a department user who is not
   * the item's owner, told that the owner or the department head answers it. By the relation they lack.
   */
  readonly notAssignedMessages?: Readonly<Partial<Record<Relation, Label>>>;
}

/** Any definition, when the caller does not care which (the API's registry, the docs generator). */
export type AnyWorkflowDefinition = WorkflowDefinition<string, string, string, FactsRecord>;
