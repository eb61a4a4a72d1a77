import { DOCUMENT_REQUEST, EVALUATION_KEY, EVALUATION_SELF, RECTIFICATION_ITEM, WORKING_PAPER, type AnyWorkflowDefinition } from '@evalflow/workflow';
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
    case 'working_paper':
      return WORKING_PAPER;
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
    case 'working_paper':
      return `/evaluations/${evaluationId}?tab=working-papers`;
  }
}

/**
 * From a deadline `dl` to its record's evaluation `e` (and the item, for an item's deadline): the joins every
 * reminder query uses, so a deadline of any lifecycle reminds and escalates like an evaluation's.
 */
export const DEADLINE_SUBJECT_JOINS = `
  LEFT JOIN rectification_items ri ON dl.subject_type = 'rectification_item' AND ri.id = dl.subject_id
  LEFT JOIN findings rf ON rf.id = ri.finding_id
  LEFT JOIN document_requests dq ON dl.subject_type = 'document_request' AND dq.id = dl.subject_id
  JOIN evaluations e ON e.id = COALESCE(ri.evaluation_id, dq.evaluation_id, CASE WHEN dl.subject_type = 'evaluation' THEN dl.subject_id END)`;

/** The subject's title as reminders name it: the evaluation's, and the item's own after it. */
export const DEADLINE_SUBJECT_TITLE = `CASE dl.subject_type
    WHEN 'rectification_item' THEN e.title || ' · 整改事项“' || rf.title || '”'
    WHEN 'document_request' THEN e.title || ' · 资料清单“' || dq.title || '”'
    ELSE e.title END`;
