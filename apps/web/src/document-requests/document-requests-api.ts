import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateDocumentRequestInput, DocumentRequestDto, UpdateDocumentRequestInput } from '@evalflow/domain';
import { api } from '../api/api-client';
import { evaluationKeys, evaluationPath } from '../evaluations/evaluations-api';
import { taskKeys } from '../home/tasks-api';
import type { WorkflowSubject } from '../workflow/workflow-api';

export const documentRequestPath = (id: string) => `/document-requests/${encodeURIComponent(id)}`;

/** States in which the department records what it provides (the API's rule; the page only decides what to offer). */
export const ANSWERABLE_STATES: readonly string[] = ['requested', 'returned'];


export function useDocumentRequests(evaluationId: string) {
  return useQuery({
    queryKey: evaluationKeys.documentRequests(evaluationId),
    queryFn: ({ signal }) => api.get<{ items: DocumentRequestDto[] }>(evaluationPath(evaluationId, '/document-requests'), undefined, signal),
  });
}

/** Every change to the list refreshes the evaluation (its list, its actions) and the inbox. */
function useRefreshList(evaluationId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: evaluationKeys.detail(evaluationId) }),
      queryClient.invalidateQueries({ queryKey: taskKeys.all }),
    ]);
}

export function useCreateDocumentRequest(evaluationId: string) {
  const refresh = useRefreshList(evaluationId);
  return useMutation({
    mutationFn: (input: CreateDocumentRequestInput) => api.post<DocumentRequestDto>(evaluationPath(evaluationId, '/document-requests'), input),
    onSettled: () => refresh(),
  });
}

export function useSaveMaterials(request: DocumentRequestDto) {
  const queryClient = useQueryClient();
  const refresh = useRefreshList(request.evaluation.id);
  return useMutation({
    mutationFn: (input: UpdateDocumentRequestInput) => api.patch<DocumentRequestDto>(documentRequestPath(request.id), input),
    onSettled: () => Promise.all([refresh(), queryClient.invalidateQueries({ queryKey: ['document-requests', request.id] })]),
  });
}

/** The item for the shared actions bar and history; its record lives in the evaluation's list, refreshed with it. */
export function documentRequestSubject(request: DocumentRequestDto): WorkflowSubject {
  return {
    path: documentRequestPath(request.id),
    queryKey: ['document-requests', request.id],
    invalidates: [evaluationKeys.detail(request.evaluation.id)],
    version: request.version,
    stateLabel: request.stateLabel,
    terminal: request.terminal,
    name: `资料“${request.title}”`,
    commentLabels: {
      provide_partly: { label: '缺少的部分', placeholder: '请说明哪些资料暂未提供及原因，将记入流转记录' },
      decline: { label: '未提供原因', placeholder: '如：由于正在接受巡查，凭证暂未能提供', },
      return: { label: '需补充的内容', placeholder: '请说明需要补充或更正的资料，将记入流转记录' },
    },
  };
}
