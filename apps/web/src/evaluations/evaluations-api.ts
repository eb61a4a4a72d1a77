import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateEvaluationInput,
  EvaluationActionsDto,
  EvaluationDto,
  EvaluationKind,
  HistoryEntryDto,
  Page,
  TransitionRequest,
  UpdateEvaluationInput,
} from '@evalflow/domain';
import { api } from '../api/api-client';
import { taskKeys } from '../home/tasks-api';

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
  actions: (id: string) => ['evaluations', 'detail', id, 'actions'] as const,
  history: (id: string) => ['evaluations', 'detail', id, 'history'] as const,
  indicators: (id: string) => ['evaluations', 'detail', id, 'indicators'] as const,
  selfEvaluation: (id: string) => ['evaluations', 'detail', id, 'self-evaluation'] as const,
  findings: (id: string) => ['evaluations', 'detail', id, 'findings'] as const,
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

/** What the signed-in user may do now; always fresh (it changes with every transition and every piece of work). */
export function useEvaluationActions(id: string) {
  return useQuery({
    queryKey: evaluationKeys.actions(id),
    queryFn: ({ signal }) => api.get<EvaluationActionsDto>(evaluationPath(id, '/actions'), undefined, signal),
    staleTime: 0,
  });
}

export function useEvaluationHistory(id: string) {
  return useQuery({
    queryKey: evaluationKeys.history(id),
    queryFn: ({ signal }) => api.get<{ items: HistoryEntryDto[] }>(evaluationPath(id, '/history'), undefined, signal),
  });
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

export function useFireTransition(id: string) {
  return useMutation({
    mutationFn: (request: TransitionRequest) => api.post<EvaluationDto>(evaluationPath(id, '/transitions'), request),
  });
}
