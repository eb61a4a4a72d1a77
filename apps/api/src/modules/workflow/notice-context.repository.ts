import type { EvaluationKind } from '@evalflow/domain';
import { one, type Queryable } from '../../infrastructure/database/queryable';

/** What a transition's notice tells: the record's evaluation, the history entry, and the item's own name when it is an item. */
export interface TransitionNoticeContext {
  id: string;
  kind: EvaluationKind;
  title: string;
  reference: string;
  action: string;
  toState: string;
  actorName: string;
  organisationName: string;
  comment: string | null;
  itemTitle: string | null;
}

/** What a stage-work notice tells: the evaluation as it stands and who did the work. */
export interface WorkNoticeContext {
  id: string;
  kind: EvaluationKind;
  title: string;
  reference: string;
  state: string;
  actorName: string;
  organisationName: string;
}

/** The context of a history entry of any lifecycle, or null when it is gone. */
export function transitionNoticeContext(runner: Queryable, historyId: string): Promise<TransitionNoticeContext | null> {
  return one(
    runner,
    `SELECT e.id, e.kind, e.title, e.reference, h.action, h.to_state AS "toState", h.actor_name AS "actorName",
       h.organisation_name AS "organisationName", h.comment,
       CASE h.aggregate_type
         WHEN 'rectification_item' THEN (SELECT '整改事项“' || f.title || '”' FROM rectification_items ri JOIN findings f ON f.id = ri.finding_id WHERE ri.id = h.aggregate_id)
         WHEN 'document_request' THEN (SELECT '资料清单“' || r.title || '”' FROM document_requests r WHERE r.id = h.aggregate_id)
         WHEN 'working_paper' THEN (SELECT '工作底稿“' || w.title || '”' FROM working_papers w WHERE w.id = h.aggregate_id)
       END AS "itemTitle"
     FROM workflow_history h JOIN evaluations e ON e.id = h.evaluation_id WHERE h.id = $1`,
    [historyId],
  );
}

export function workNoticeContext(runner: Queryable, evaluationId: string, actorId: string): Promise<WorkNoticeContext | null> {
  return one(
    runner,
    `SELECT e.id, e.kind, e.title, e.reference, e.state, u.display_name AS "actorName", o.name AS "organisationName"
     FROM evaluations e, users u JOIN organisations o ON o.id = u.organisation_id WHERE e.id = $1 AND u.id = $2`,
    [evaluationId, actorId],
  );
}
