import type { AppAbility, Me } from '@evalflow/domain';
import { subjectOf } from './subjects';

/**
 * What the navigation shows, decided from the CASL rules alone (no role lists here).
 *
 * Every signed-in user may read their own organisation and their colleagues, so "can read an Organisation" is
 * always true and useless for deciding the menu. Instead we ask whether the user may read a record that is NOT
 * their own: an organisation (or a user of another organisation) located in the user's own region. Rules scoped
 * to the jurisdiction (finance admin/officer, auditor) or unconditional rules (system admin) allow that; the
 * "own organisation" rule does not.
 */
const PROBE_ID = '00000000-0000-4000-8000-000000000000';

function otherOrganisationInMyRegion(me: Me) {
  return subjectOf('Organisation', { id: PROBE_ID, regionId: me.organisation.regionId, kind: me.organisation.kind });
}

function userOfOtherOrganisationInMyRegion(me: Me) {
  return subjectOf('User', { id: PROBE_ID, organisationId: PROBE_ID, organisationRegionId: me.organisation.regionId, roles: [] });
}

export function canOpenOrganisations(ability: AppAbility, me: Me): boolean {
  return ability.can('create', 'Organisation') || ability.can('read', otherOrganisationInMyRegion(me));
}

export function canOpenUsers(ability: AppAbility, me: Me): boolean {
  return ability.can('create', 'User') || ability.can('read', userOfOtherOrganisationInMyRegion(me));
}

/** 评价项目: anyone with a rule to read some evaluation (finance, team, department, auditor); the list shows which. */
export function canOpenEvaluations(ability: AppAbility): boolean {
  return ability.can('read', 'Evaluation');
}

/** 新建评价: a finance role of a finance bureau may draft evaluations commissioned by its own bureau. */
export function canCreateEvaluation(ability: AppAbility, me: Me): boolean {
  return ability.can('create', subjectOf('Evaluation', { commissioningOrganisationId: me.organisation.id }));
}

/** 队列面板 (Bull Board): system administrators, by the QueueDashboard rule. */
export function canOpenQueueBoard(ability: AppAbility): boolean {
  return ability.can('read', 'QueueDashboard');
}
