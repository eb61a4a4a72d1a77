import { ROLES, ROLE_LABELS, type ErrorCode, type Role } from '@evalflow/domain';
import type {
  AnyWorkflowDefinition,
  Effect,
  FactsRecord,
  Label,
  ParameterDefinition,
  Permit,
  TransitionDefinition,
  WorkflowDefinition,
} from './definition.types';
import { failingGuards, type GuardMessage } from './guards';
import { RELATIONS, RELATION_LABELS, type Relation } from './vocabulary';

/** Who fires a transition: roles from the user record, relations computed by the API for this aggregate. */
export interface WorkflowActor {
  readonly id: string;
  readonly roles: readonly Role[];
  readonly relations: readonly Relation[];
  /** The system itself (a state's timer ran out): it may fire only `system` transitions, and a person never may. */
  readonly system?: boolean;
}

/** The system as an actor: no roles, no relations; recorded in the history as 系统 with the role `system`. */
export const SYSTEM_ACTOR: WorkflowActor = { id: 'system', roles: [], relations: [], system: true };
/** How the history names the system as an actor. */
export const SYSTEM_ACTOR_NAME = '系统';
export const SYSTEM_ACTOR_ROLE = 'system';

export interface TransitionContext<F = FactsRecord> {
  /** Facts about the aggregate, computed by the API (see each definition's `…Facts` type). */
  readonly facts: Partial<F>;
  readonly comment?: string | null;
  readonly parameters?: Readonly<Record<string, unknown>>;
}

/**
 * Why a transition was refused, checked in this order: the action exists; it leaves the current state; the actor
 * has a role for it; the actor stands in the required relation; the input is complete (comment, parameters);
 * the aggregate satisfies the guards. Input comes before guards so a form error is reported before a business rule.
 */
export type Refusal =
  | { readonly kind: 'unknown_action'; readonly action: string }
  | { readonly kind: 'not_available_in_state'; readonly state: string; readonly action: string }
  | { readonly kind: 'wrong_role'; readonly requiredRoles: readonly Role[] }
  | { readonly kind: 'not_assigned'; readonly requiredRelations: readonly Relation[] }
  /** A `system` transition: only the system fires it, when the state's timer runs out. */
  | { readonly kind: 'system_only' }
  | { readonly kind: 'comment_required' }
  | { readonly kind: 'invalid_parameter'; readonly name: string; readonly allowed: readonly string[] }
  | { readonly kind: 'guard_failed'; readonly failed: readonly GuardMessage[] };
export type RefusalKind = Refusal['kind'];

export const REFUSAL_KINDS = [
  'unknown_action',
  'not_available_in_state',
  'wrong_role',
  'not_assigned',
  'system_only',
  'comment_required',
  'invalid_parameter',
  'guard_failed',
] as const satisfies readonly RefusalKind[];

/** How the API reports each refusal (libs/domain ERROR_CODES). */
export const REFUSAL_ERROR_CODES: Record<RefusalKind, ErrorCode> = {
  unknown_action: 'VALIDATION_FAILED',
  // The record moved on (or never was there): a conflict with its current state, not a malformed request.
  not_available_in_state: 'CONFLICT',
  wrong_role: 'FORBIDDEN',
  not_assigned: 'FORBIDDEN',
  system_only: 'FORBIDDEN',
  comment_required: 'VALIDATION_FAILED',
  invalid_parameter: 'VALIDATION_FAILED',
  guard_failed: 'GUARD_FAILED',
};

export type TransitionResult<S extends string = string, A extends string = string, G extends string = string> =
  | {
      readonly ok: true;
      readonly from: S;
      readonly next: S;
      readonly effects: readonly Effect[];
      readonly transition: TransitionDefinition<S, A, G>;
      /** The declared parameters, validated; anything undeclared is dropped so history records only what counts. */
      readonly parameters: Readonly<Record<string, string>>;
      /** The trimmed comment, if any. */
      readonly comment?: string;
    }
  | { readonly ok: false; readonly refusal: Refusal };

export interface AvailableAction<A extends string = string, S extends string = string, G extends string = string> {
  readonly action: A;
  readonly label: Label;
  readonly to: S;
  readonly transition: TransitionDefinition<S, A, G>;
  /** May this actor fire it now (permits and guards; comment and parameters are the form's job). */
  readonly allowed: boolean;
  /** Every guard that fails now, whoever asks; empty when none. */
  readonly blockedBy: readonly GuardMessage[];
  /** The first reason it is not allowed, as applyTransition would report it (input checks aside). */
  readonly refusal?: Refusal;
  readonly requiresComment: boolean;
  readonly parameters: Readonly<Record<string, ParameterDefinition>>;
}

function inOrder<T extends string>(order: readonly T[], values: Iterable<T>): T[] {
  const set = new Set(values);
  return order.filter((value) => set.has(value));
}

/** The transition for (state, action), if the action exists and leaves that state. */
export function findTransition<S extends string, A extends string, G extends string, F>(
  definition: WorkflowDefinition<S, A, G, F>,
  state: string,
  action: string,
): TransitionDefinition<S, A, G> | undefined {
  return definition.transitions.find((t) => t.action === action && (t.from as readonly string[]).includes(state));
}

/** Who may fire `transition`: a `system` one only the system, any other one a person holding a permit. */
export function checkTransitionActor(transition: TransitionDefinition, actor: WorkflowActor): Refusal | undefined {
  if (transition.system) return actor.system ? undefined : { kind: 'system_only' };
  return checkPermits(transition.permits, actor);
}

/** Permits check: undefined when the actor may fire, else wrong_role or not_assigned. */
export function checkPermits(permits: readonly Permit[], actor: WorkflowActor): Refusal | undefined {
  // system_admin administers the system, not evaluations: it never carries a workflow power, even if a definition
  // listed it by mistake (the definition checks reject that too).
  const roles: readonly Role[] = actor.roles.filter((role) => role !== 'system_admin');
  const byRole = permits.filter((permit) => permit.roles.some((role) => roles.includes(role)));
  if (byRole.some((permit) => actor.relations.includes(permit.relation))) return undefined;
  if (byRole.length > 0) {
    return { kind: 'not_assigned', requiredRelations: inOrder(RELATIONS, byRole.map((permit) => permit.relation)) };
  }
  return { kind: 'wrong_role', requiredRoles: inOrder(ROLES, permits.flatMap((permit) => permit.roles)) };
}

function checkInput(
  transition: TransitionDefinition,
  context: TransitionContext<unknown>,
): { refusal: Refusal } | { parameters: Record<string, string>; comment?: string } {
  const comment = typeof context.comment === 'string' ? context.comment.trim() : '';
  if (transition.requiresComment && comment === '') return { refusal: { kind: 'comment_required' } };
  const parameters: Record<string, string> = {};
  // Sorted so the first invalid parameter reported does not depend on how a definition happens to list them.
  for (const name of Object.keys(transition.parameters ?? {}).sort()) {
    const allowed = (transition.parameters?.[name]?.options ?? []).map((option) => option.value);
    const value = context.parameters?.[name];
    if (typeof value !== 'string' || !allowed.includes(value)) {
      return { refusal: { kind: 'invalid_parameter', name, allowed } };
    }
    parameters[name] = value;
  }
  return comment === '' ? { parameters } : { parameters, comment };
}

/**
 * Applies one action to an aggregate in `state`. Pure: no I/O, no clock, no randomness; the same input always gives
 * the same answer, so the API can run it inside its transaction and the web app can run it to preview.
 */
export function applyTransition<S extends string, A extends string, G extends string, F>(
  definition: WorkflowDefinition<S, A, G, F>,
  state: string,
  action: string,
  actor: WorkflowActor,
  context: TransitionContext<F>,
): TransitionResult<S, A, G> {
  if (!definition.transitions.some((t) => t.action === action)) {
    return { ok: false, refusal: { kind: 'unknown_action', action } };
  }
  const transition = findTransition(definition, state, action);
  if (!transition) return { ok: false, refusal: { kind: 'not_available_in_state', state, action } };

  const denied = checkTransitionActor(transition, actor);
  if (denied) return { ok: false, refusal: denied };

  const input = checkInput(transition, context);
  if ('refusal' in input) return { ok: false, refusal: input.refusal };

  const failed = failingGuards(definition.guards, transition.guards ?? [], context.facts);
  if (failed.length > 0) return { ok: false, refusal: { kind: 'guard_failed', failed } };

  return {
    ok: true,
    from: state as S,
    next: transition.to,
    effects: transition.effects,
    transition,
    ...input,
  };
}

/**
 * Every action that leaves `state`, in definition order, with whether this actor may fire it now and which guards
 * block it. The API answers "what may I do now" with it; the web app shows buttons from it (hide on wrong_role or
 * not_assigned, disable with the guard messages on guard_failed).
 */
export function availableActions<S extends string, A extends string, G extends string, F>(
  definition: WorkflowDefinition<S, A, G, F>,
  state: string,
  actor: WorkflowActor,
  context: Pick<TransitionContext<F>, 'facts'>,
): AvailableAction<A, S, G>[] {
  return definition.transitions
    // A person is never offered what only the system does (the timer's action); the system sees only its own.
    .filter((t) => (t.from as readonly string[]).includes(state) && (t.system === true) === (actor.system === true))
    .map((transition) => {
      const blockedBy = failingGuards(definition.guards, transition.guards ?? [], context.facts);
      const refusal: Refusal | undefined =
        checkTransitionActor(transition, actor) ?? (blockedBy.length > 0 ? { kind: 'guard_failed', failed: blockedBy } : undefined);
      return {
        action: transition.action,
        label: transition.label,
        to: transition.to,
        transition,
        allowed: refusal === undefined,
        blockedBy,
        ...(refusal ? { refusal } : {}),
        requiresComment: transition.requiresComment === true,
        parameters: transition.parameters ?? {},
      };
    });
}

function roleNames(roles: readonly Role[], lang: 'zh' | 'en'): string {
  return roles.map((role) => ROLE_LABELS[role][lang]).join(lang === 'zh' ? '、' : ', ');
}

/** A refusal in words a person understands, for API error messages and the web app. */
export function describeRefusal(definition: AnyWorkflowDefinition, refusal: Refusal): Label {
  switch (refusal.kind) {
    case 'unknown_action':
      return { zh: `不存在的操作：${refusal.action}`, en: `unknown action: ${refusal.action}` };
    case 'not_available_in_state': {
      const state = definition.states.find((s) => s.id === refusal.state)?.label ?? { zh: refusal.state, en: refusal.state };
      const action = definition.transitions.find((t) => t.action === refusal.action)?.label ?? { zh: refusal.action, en: refusal.action };
      return {
        zh: `当前状态（${state.zh}）下不能执行“${action.zh}”`,
        en: `"${action.en}" is not possible in state ${state.en}`,
      };
    }
    case 'wrong_role':
      return { zh: `仅限：${roleNames(refusal.requiredRoles, 'zh')}`, en: `only: ${roleNames(refusal.requiredRoles, 'en')}` };
    case 'not_assigned': {
      const own = refusal.requiredRelations.map((relation) => definition.notAssignedMessages?.[relation]).find((message) => message !== undefined);
      if (own) return own;
      return {
        zh: `须为${refusal.requiredRelations.map((r) => RELATION_LABELS[r].zh).join('或')}`,
        en: `must be the ${refusal.requiredRelations.map((r) => RELATION_LABELS[r].en).join(' or ')}`,
      };
    }
    case 'system_only':
      return { zh: '由系统在期限届满时自动执行，不能手动执行', en: 'fired by the system when the deadline passes, never by hand' };
    case 'comment_required':
      return { zh: '请填写理由或说明', en: 'a comment is required' };
    case 'invalid_parameter': {
      const transition = definition.transitions.find((t) => t.parameters?.[refusal.name]);
      const parameter = transition?.parameters?.[refusal.name];
      const options = parameter?.options ?? [];
      return {
        zh: `请选择${parameter?.label.zh ?? refusal.name}：${options.map((o) => o.zh).join('/')}`,
        en: `${parameter?.label.en ?? refusal.name} must be one of ${refusal.allowed.join(', ')}`,
      };
    }
    case 'guard_failed':
      return {
        zh: `尚未满足：${refusal.failed.map((g) => g.zh).join('；')}`,
        en: `not yet: ${refusal.failed.map((g) => g.en).join('; ')}`,
      };
  }
}
