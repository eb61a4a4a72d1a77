import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateEvaluationInput,
  EvaluationDto,
  EvaluationKind,
  Page,
  UpdateEvaluationInput,
} from '@evalflow/domain';
import { api } from '../api/api-client';
import { taskKeys } from '../home/tasks-api';
import type { WorkflowSubject } from '../workflow/workflow-api';

export interface EvaluationListParams {
  page: number;
  pageSize: number;
  q?: string;
  fiscalYear?: number;
  state?: string;
  kind?: EvaluationKind;
  departmentId?: string;
  overdue?: 'true' | 'false';
}

export const evaluationPath = (id: string, rest = '') => `/evaluations/${encodeURIComponent(id)}${rest}`;

/** Everything of one evaluation lives under its detail key, so one invalidation refreshes the whole page. */
export const evaluationKeys = {
  all: ['evaluations'] as const,
  list: (params: EvaluationListParams) => ['evaluations', 'list', params] as const,
  detail: (id: string) => ['evaluations', 'detail', id] as const,
  indicators: (id: string) => ['evaluations', 'detail', id, 'indicators'] as const,
  selfEvaluation: (id: string) => ['evaluations', 'detail', id, 'self-evaluation'] as const,
  findings: (id: string) => ['evaluations', 'detail', id, 'findings'] as const,
  rectificationItems: (id: string) => ['evaluations', 'detail', id, 'rectification-items'] as const,
  documentRequests: (id: string) => ['evaluations', 'detail', id, 'document-requests'] as const,
};

export function useEvaluations(params: EvaluationListParams) {
  return useQuery({
    queryKey: evaluationKeys.list(params),
    queryFn: ({ signal }) => api.get<Page<EvaluationDto>>('/evaluations', { ...params }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useEvaluation(id: string) {
  return useQuery({
    queryKey: evaluationKeys.detail(id),
    queryFn: ({ signal }) => api.get<EvaluationDto>(evaluationPath(id), undefined, signal),
  });
}

/**
 * The evaluation for the shared actions bar, transition modal and history timeline: its actions and history live
 * under its detail key, and a transition refreshes every evaluation query (lists included; stage work changes with it).
 */
export function evaluationSubject(evaluation: EvaluationDto): WorkflowSubject {
  return {
    path: evaluationPath(evaluation.id),
    queryKey: evaluationKeys.detail(evaluation.id),
    invalidates: [evaluationKeys.all],
    version: evaluation.version,
    stateLabel: evaluation.stateLabel,
    terminal: evaluation.terminal,
    name: `${evaluation.reference} ${evaluation.title}`,
  };
}

/** Refreshes every evaluation query (detail, actions, history, stage work, lists) and the inbox; resolves once refetched. */
export function useRefreshEvaluations() {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: evaluationKeys.all }),
      queryClient.invalidateQueries({ queryKey: taskKeys.all }),
    ]);
  };
}

export type SaveEvaluationInput = { id: string; changes: UpdateEvaluationInput } | { id?: undefined; changes: CreateEvaluationInput };

export function useSaveEvaluation() {
  const refresh = useRefreshEvaluations();
  return useMutation({
    mutationFn: (input: SaveEvaluationInput) =>
      input.id ? api.patch<EvaluationDto>(evaluationPath(input.id), input.changes) : api.post<EvaluationDto>('/evaluations', input.changes),
    onSuccess: () => refresh(),
  });
}
