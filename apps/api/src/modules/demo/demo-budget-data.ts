import { REFERENCE_BUDGET_DATA } from '@evalflow/domain';

/**
 * The budget data the demo team has entered: the reference figures without the developers' `$comment`, because the
 * department reads (and exports) the stored document and it must not speak of where the test figures came from.
 */
export const DEMO_BUDGET_DATA: unknown = (() => {
  const document = { ...(REFERENCE_BUDGET_DATA.seed000 as Record<string, unknown>) };
  delete document.$comment;
  return document;
})();
