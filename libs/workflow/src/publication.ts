import type { Label } from './definition.types';

/*
 * Publication to the public (公开, issue 12 §6). Approval (`approve_final_report`) lands in `published` — 已审定发布:
 * approved, the report is official. Showing it to the public is a separate, revocable act of the commissioning
 * bureau's section head, kept beside the lifecycle (a publication record) rather than as states of it: the
 * evaluation goes on to rectification and closure whether or not, and while, its report is public. Both acts are in
 * the evaluation's history as entries that change no state.
 */
export const PUBLISH_REPORT = 'publish_report';
export const WITHDRAW_PUBLICATION = 'withdraw_publication';

export const PUBLICATION_RECORDS: readonly { readonly action: string; readonly label: Label }[] = [
  { action: PUBLISH_REPORT, label: { zh: '向社会公开评价报告', en: 'Publish the report to the public' } },
  { action: WITHDRAW_PUBLICATION, label: { zh: '撤回公开的评价报告', en: 'Withdraw the published report' } },
];

/** States in which an approved final report exists and may be published or stay public. */
export const PUBLISHABLE_STATES: readonly string[] = ['published', 'rectification', 'closed'];
