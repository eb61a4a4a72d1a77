import type { AppAbility, Me } from '@evalflow/domain';
import { subjectOf } from '../auth/subjects';

const PROBE_ID = '00000000-0000-4000-8000-000000000000';

/** 维护指标体系: a finance admin may create frameworks owned by their own bureau (permissions.ts). */
export function canEditFrameworks(ability: AppAbility, me: Me): boolean {
  return ability.can('create', subjectOf('Framework', { id: PROBE_ID, organisationId: me.organisation.id, builtIn: false }));
}

/** 指标体系 in the menu: finance users (the editors, and the officers who commission with them). */
export function canOpenFrameworks(ability: AppAbility, me: Me): boolean {
  return canEditFrameworks(ability, me) || (me.organisation.kind === 'finance_bureau' && ability.can('read', 'Framework'));
}
