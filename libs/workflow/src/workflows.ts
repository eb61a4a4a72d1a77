import type { AnyWorkflowDefinition } from './definition.types';
import { DOCUMENT_REQUEST } from './document-request.definition';
import { EVALUATION_KEY } from './evaluation-key.definition';
import { EVALUATION_SELF } from './evaluation-self.definition';
import { RECTIFICATION_ITEM } from './rectification-item.definition';
import type { WorkflowId } from './vocabulary';
import { WORKING_PAPER } from './working-paper.definition';

/** Every lifecycle the product runs, in the order the docs list them. */
export const ALL_WORKFLOWS: readonly AnyWorkflowDefinition[] = [EVALUATION_KEY, EVALUATION_SELF, RECTIFICATION_ITEM, DOCUMENT_REQUEST, WORKING_PAPER];

export const WORKFLOWS_BY_ID: Readonly<Record<WorkflowId, AnyWorkflowDefinition>> = {
  evaluation_key: EVALUATION_KEY,
  evaluation_self: EVALUATION_SELF,
  rectification_item: RECTIFICATION_ITEM,
  document_request: DOCUMENT_REQUEST,
  working_paper: WORKING_PAPER,
};
