import { createMongoAbility, type ForcedSubject, type MongoAbility, type RawRuleOf } from '@casl/ability';
import type { Role } from './roles';
import type { OrganisationKind } from './organisations';

/**
 * Permissions, written once. The API builds its ability from these rules (route guard + check on the loaded
 * record); the web app receives the packed rules at login and hides what the user may not do.
 *
 * Scope words used below:
 * - own organisation: the organisation the user belongs to;
 * - jurisdiction (辖区): the region of the user's organisation and every region below it.
 */
export type Action = 'manage' | 'create' | 'read' | 'update' | 'delete';
export const SUBJECT_NAMES = ['Organisation', 'User', 'Region', 'Evaluation', 'Framework', 'QueueDashboard', 'BudgetThreshold', 'ReminderPolicy', 'all'] as const;
export type SubjectName = (typeof SUBJECT_NAMES)[number];

/**
 * What a system administrator administers: the system's people, bodies, regions and queues. Every other subject is
 * evaluation business (the finance bureau's policy and the evaluations themselves), which it may read but not write.
 * Each subject is in exactly one of the two lists (the spec checks it), so a new subject must be classified.
 */
export const SYSTEM_ADMINISTRATION_SUBJECTS = ['Organisation', 'User', 'Region', 'QueueDashboard'] as const satisfies readonly SubjectName[];
export const EVALUATION_BUSINESS_SUBJECTS = ['Evaluation', 'Framework', 'BudgetThreshold', 'ReminderPolicy'] as const satisfies readonly SubjectName[];
const EVALUATION_BUSINESS_REASONS: Record<(typeof EVALUATION_BUSINESS_SUBJECTS)[number], string> = {
  Evaluation: 'system administrators do not commission evaluations',
  Framework: 'indicator frameworks are edited by finance admins',
  BudgetThreshold: 'budget thresholds are set by the finance bureau',
  ReminderPolicy: 'reminder policies are set by finance admins',
};

/** Attributes a rule condition may look at, per subject (records are checked as plain objects). */
export interface OrganisationSubject {
  id: string;
  regionId: string;
  kind: OrganisationKind;
}
export interface UserSubject {
  id: string;
  organisationId: string;
  organisationRegionId: string;
  roles: Role[];
}

/**
 * An evaluation as the rules see it. Who may *fire a transition* is the workflow's business (roles + relations);
 * these rules decide who may see an evaluation at all and who may create or edit its terms.
 */
export interface EvaluationSubject {
  id: string;
  commissioningOrganisationId: string;
  departmentId: string;
  departmentRegionId: string;
  /** The assigned lead and members. */
  teamUserIds: string[];
  /** Past the draft: the department, the team and auditors see an evaluation only once it is commissioned. */
  commissioned: boolean;
}

/**
 * A framework version as the rules see it: built-in templates belong to nobody (organisationId null), so no rule
 * with an organisation condition matches them and they can only be copied, never edited.
 */
export interface FrameworkSubject {
  id: string;
  organisationId: string | null;
  builtIn: boolean;
}

/** A subject is a name, or a plain record tagged with its name by `asSubject`. */
export type AppSubject = SubjectName | ForcedSubject<Exclude<SubjectName, 'all'>>;
export type AppAbility = MongoAbility<[Action, AppSubject]>;
export type AppRule = RawRuleOf<AppAbility>;

/** What the permission rules need to know about the signed-in user. */
export interface Actor {
  id: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  roles: readonly Role[];
  /** Region ids of the user's organisation's region and every descendant. */
  jurisdictionRegionIds: readonly string[];
}

/** Fields a user may change on their own account. */
export const SELF_EDITABLE_USER_FIELDS = ['displayName', 'email', 'password'] as const;

export function defineRulesFor(actor: Actor): AppRule[] {
  const rules: AppRule[] = [];
  const allow = (action: Action | Action[], subject: SubjectName, conditions?: object, fields?: string[]) =>
    rules.push({ action, subject, conditions, fields } as AppRule);
  const forbid = (action: Action | Action[], subject: SubjectName, conditions?: object, reason?: string) =>
    rules.push({ action, subject, conditions, inverted: true, reason } as AppRule);
  const inJurisdiction = { $in: [...actor.jurisdictionRegionIds] };
  // 财政: oversees every evaluation of its jurisdiction; commissions and edits the terms of its own bureau's.
  const allowFinanceEvaluationRules = () => {
    allow('read', 'Evaluation', { departmentRegionId: inJurisdiction });
    allow(['create', 'update'], 'Evaluation', { commissioningOrganisationId: actor.organisationId });
    // 阈值 (budget-metric standard values) of its region and the regions below it; the nearest region's setting applies.
    allow('update', 'BudgetThreshold', { regionId: inJurisdiction });
    // 提醒规则 of its jurisdiction: officers see them; the section head sets them (below).
    allow('read', 'ReminderPolicy', { regionId: inJurisdiction });
  };

  // Everybody signed in: the region list, their own organisation, their colleagues, their own account.
  allow('read', 'Region');
  allow('read', 'Organisation', { id: actor.organisationId });
  allow('read', 'User', { organisationId: actor.organisationId });
  allow('update', 'User', { id: actor.id }, [...SELF_EDITABLE_USER_FIELDS]);
  // Indicator frameworks are reference data: the department fills its form against one, the team scores by it.
  allow('read', 'Framework');
  // Budget-metric thresholds are the published standards findings are proposed against: anyone may see them.
  allow('read', 'BudgetThreshold');

  for (const role of actor.roles) {
    switch (role) {
      case 'system_admin':
        allow('manage', 'all');
        break;
      case 'finance_admin':
        allow(['read', 'create', 'update'], 'Organisation', { regionId: inJurisdiction });
        allow(['read', 'create', 'update'], 'User', { organisationRegionId: inJurisdiction });
        allowFinanceEvaluationRules();
        // 绩效科负责人 edits the frameworks of their own bureau (drafts, publication); officers only use them.
        allow(['create', 'update'], 'Framework', { organisationId: actor.organisationId });
        // … and the reminder policies of its region and the regions below it.
        allow('update', 'ReminderPolicy', { regionId: inJurisdiction });
        break;
      case 'finance_officer':
        allow('read', 'Organisation', { regionId: inJurisdiction });
        allow('read', 'User', { organisationRegionId: inJurisdiction });
        allowFinanceEvaluationRules();
        break;
      case 'auditor':
        allow('read', 'Organisation', { regionId: inJurisdiction });
        allow('read', 'User', { organisationRegionId: inJurisdiction });
        // 审计监督: reads everything in the jurisdiction once it is under way (DOMAIN roles table).
        allow('read', 'Evaluation', { departmentRegionId: inJurisdiction, commissioned: true });
        break;
      case 'evaluation_lead':
      case 'evaluator':
        // Only evaluations assigned to them (DOMAIN roles table).
        allow('read', 'Evaluation', { teamUserIds: actor.id, commissioned: true });
        break;
      case 'department_head':
      case 'department_staff':
        // Only their own department's.
        allow('read', 'Evaluation', { departmentId: actor.organisationId, commissioned: true });
        break;
      default:
        break;
    }
  }

  if (actor.roles.includes('system_admin') && !actor.roles.some((role) => role === 'finance_admin' || role === 'finance_officer')) {
    // A system administrator administers the system, not evaluations (as in the workflow, where it holds no power):
    // it may look at everything, but commissioning, terms, frameworks, thresholds (an empty list once made every
    // proposed finding of a fieldwork evaluation obsolete) and reminder policies stay with the finance bureau.
    for (const subject of EVALUATION_BUSINESS_SUBJECTS) forbid(['create', 'update'], subject, undefined, EVALUATION_BUSINESS_REASONS[subject]);
  }
  if (!actor.roles.includes('system_admin')) {
    // Only a system administrator may grant or hold-edit the system administrator role.
    forbid(['create', 'update'], 'User', { roles: 'system_admin' }, 'only a system administrator may manage administrators');
    forbid('delete', 'all', undefined, 'records are deactivated, never deleted');
  }
  return rules;
}

export function createAbility(rules: AppRule[]): AppAbility {
  return createMongoAbility<AppAbility>(rules);
}

export function defineAbilityFor(actor: Actor): AppAbility {
  return createAbility(defineRulesFor(actor));
}

/** Tags a plain record with its subject type so CASL can match it (CASL's own helper, re-exported). */
export { subject as asSubject } from '@casl/ability';
