import { DomainError, asSubject, type Action, type AppAbility, type SubjectName } from '@evalflow/domain';

/**
 * The service-level check on a loaded record. A record the user may not even read answers 404 (its existence is
 * not disclosed); a readable one the user may not change answers 403.
 */
export function assertCan(ability: AppAbility, action: Action, subjectName: Exclude<SubjectName, 'all'>, record: object, field?: string): void {
  const target = asSubject(subjectName, { ...record });
  if (!ability.can('read', target)) throw new DomainError('NOT_FOUND', `${subjectName} not found`);
  if (action !== 'read' && !ability.can(action, target, field)) {
    const rule = ability.relevantRuleFor(action, target, field);
    throw new DomainError('FORBIDDEN', rule?.inverted && rule.reason ? rule.reason : `not allowed to ${action} this ${subjectName.toLowerCase()}`, field ? { field } : undefined);
  }
}
