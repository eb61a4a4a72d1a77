import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { EvaluationActionsDto, HistoryEntryDto, TransitionRequest } from '@evalflow/domain';
import { api } from '../api/api-client';
import { taskKeys } from '../home/tasks-api';

/**
 * A record on a lifecycle, as the shared actions bar, transition modal and history timeline see it: an evaluation,
 * a rectification item or a document request. Its three routes (`…/actions`, `…/transitions`, `…/history`) hang
 * off `path` and answer alike for every lifecycle.
 */
export interface WorkflowSubject {
  /** The record's API path without `/api`, e.g. `/evaluations/<id>`, `/rectification-items/<id>`, `/document-requests/<id>`. */
  path: string;
  /** The record's own query key; its actions and history are cached below it (`[...queryKey, 'actions']`). */
  queryKey: QueryKey;
  /** What a transition may change besides the record itself (e.g. the evaluation a list of items belongs to). */
  invalidates: QueryKey[];
  /** The version the page shows: a transition is fired against it (409 if somebody else moved on). */
  version: number;
  stateLabel: { zh: string };
  terminal: boolean;
  /** How the confirmation names the record, e.g. "CS-2026-001 2025年度…" or "整改事项：问题1 预算编制不准确". */
  name: string;
  /** What the comment of an action is, where "理由" would not fit (e.g. 报告整改进展: the comment is the report). */
  commentLabels?: Partial<Record<string, CommentLabel>>;
}

export interface CommentLabel {
  label: string;
  placeholder: string;
}

export const workflowKeys = {
  actions: (subject: Pick<WorkflowSubject, 'queryKey'>) => [...subject.queryKey, 'actions'] as const,
  history: (subject: Pick<WorkflowSubject, 'queryKey'>) => [...subject.queryKey, 'history'] as const,
};

/** What the signed-in user may do now; always fresh (it changes with every transition and every piece of work). */
export function useWorkflowActions(subject: Pick<WorkflowSubject, 'path' | 'queryKey'>) {
  return useQuery({
    queryKey: workflowKeys.actions(subject),
    queryFn: ({ signal }) => api.get<EvaluationActionsDto>(`${subject.path}/actions`, undefined, signal),
    staleTime: 0,
  });
}

export function useWorkflowHistory(subject: Pick<WorkflowSubject, 'path' | 'queryKey'>) {
  return useQuery({
    queryKey: workflowKeys.history(subject),
    queryFn: ({ signal }) => api.get<{ items: HistoryEntryDto[] }>(`${subject.path}/history`, undefined, signal),
  });
}

/** Refreshes the record (with its actions and history), what it invalidates and the inbox; resolves once refetched. */
export function useRefreshSubject(subject: Pick<WorkflowSubject, 'queryKey' | 'invalidates'>) {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([subject.queryKey, ...subject.invalidates, taskKeys.all].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  };
}

export function useFireTransition(subject: Pick<WorkflowSubject, 'path'>) {
  return useMutation({
    mutationFn: (request: TransitionRequest) => api.post<unknown>(`${subject.path}/transitions`, request),
  });
}
