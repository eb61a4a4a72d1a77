import { DOCUMENT_REQUEST, EVALUATION_KEY, EVALUATION_SELF, RECTIFICATION_ITEM, type AnyWorkflowDefinition } from '@evalflow/workflow';
import type { AggregateType } from '../workflow-history.repository';

/*
 * What every process knows about each kind of record without its feature module (the worker has no HTTP modules):
 * which lifecycle it follows and where it lives in the web app. Notices, reminders and adapters all ask here.
 */

export function definitionFor(type: AggregateType, evaluationKind: 'key' | 'self'): AnyWorkflowDefinition {
  switch (type) {
    case 'evaluation':
      return evaluationKind === 'key' ? EVALUATION_KEY : EVALUATION_SELF;
    case 'rectification_item':
      return RECTIFICATION_ITEM;
    case 'document_request':
      return DOCUMENT_REQUEST;
  }
}

/** The page of a record in the web app (an item of the document request list is shown in its evaluation's tab). */
export function subjectPath(type: AggregateType, id: string, evaluationId: string): string {
  switch (type) {
    case 'evaluation':
      return `/evaluations/${id}`;
    case 'rectification_item':
      return `/rectification-items/${id}`;
    case 'document_request':
      return `/evaluations/${evaluationId}?tab=documents`;
  }
}
