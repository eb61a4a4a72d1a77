import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AcceptDocumentRequestsInput,
  CreateDocumentRequestInput,
  CreateDocumentRequestTemplateInput,
  DocumentRequestDto,
  DocumentRequestTemplateDto,
  IssueDocumentRequestsInput,
  ProposedFindingDto,
  UpdateDocumentRequestInput,
  UpdateDocumentRequestTemplateInput,
} from '@evalflow/domain';
import { api } from '../api/api-client';
import { downloadFile } from '../api/file-transfer';
import { evaluationKeys, evaluationPath } from '../evaluations/evaluations-api';
import { taskKeys } from '../home/tasks-api';
import type { WorkflowSubject } from '../workflow/workflow-api';

export const documentRequestPath = (id: string) => `/document-requests/${encodeURIComponent(id)}`;

/** States in which the department records what it provides (the API's rule; the page only decides what to offer). */
export const ANSWERABLE_STATES: readonly string[] = ['requested', 'returned'];

/**
 * Of the department, who answers an item (uploads, records what is handed over, provides or declines): its owner
 * (责任人) and the department head, who alone answers an item without an owner. The API's rule (libs/workflow
 * DOCUMENT_REQUEST_ANSWERERS), mirrored only to decide what the page offers.
 */
export function answersItem(me: { id: string; roles: readonly string[] }, request: Pick<DocumentRequestDto, 'owner'>): boolean {
  return me.roles.includes('department_head') || (request.owner !== null && request.owner.id === me.id);
}


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

/* The list as a whole (issue 11): templates, issuing from one, bulk accept, the workbook, owners, 资料未提供 proposals. */

export const templateKeys = {
  all: ['document-request-templates'] as const,
  list: (evaluationId: string | null) => ['document-request-templates', 'list', evaluationId ?? 'own'] as const,
};

/** The templates the user may use: with an evaluation, the built-in one and its commissioning bureau's. */
export function useDocumentRequestTemplates(evaluationId: string | null, enabled = true) {
  return useQuery({
    queryKey: templateKeys.list(evaluationId),
    enabled,
    queryFn: ({ signal }) =>
      api.get<{ items: DocumentRequestTemplateDto[] }>('/document-request-templates', evaluationId ? { evaluationId } : undefined, signal),
  });
}

export function useCreateDocumentRequestTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateDocumentRequestTemplateInput) => api.post<DocumentRequestTemplateDto>('/document-request-templates', input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: templateKeys.all }),
  });
}

export function useSaveDocumentRequestTemplate(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateDocumentRequestTemplateInput) => api.put<DocumentRequestTemplateDto>(`/document-request-templates/${encodeURIComponent(id)}`, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: templateKeys.all }),
  });
}

/** 责任人 candidates: the evaluated department's active users. */
export function useDocumentRequestOwners(evaluationId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...evaluationKeys.documentRequests(evaluationId), 'owners'],
    enabled,
    queryFn: ({ signal }) => api.get<{ items: { id: string; displayName: string }[] }>(evaluationPath(evaluationId, '/document-requests/owners'), undefined, signal),
  });
}

export function useIssueDocumentRequests(evaluationId: string) {
  const refresh = useRefreshList(evaluationId);
  return useMutation({
    mutationFn: (input: IssueDocumentRequestsInput) =>
      api.post<{ created: DocumentRequestDto[]; skipped: { key: string; title: string; id: string }[] }>(evaluationPath(evaluationId, '/document-requests/issue'), input),
    onSettled: () => refresh(),
  });
}

export function useAcceptDocumentRequests(evaluationId: string) {
  const refresh = useRefreshList(evaluationId);
  return useMutation({
    mutationFn: (input: AcceptDocumentRequestsInput) => api.post<{ items: { id: string; ok: true; item: DocumentRequestDto }[] }>(evaluationPath(evaluationId, '/document-requests/accept'), input),
    onSettled: () => refresh(),
  });
}

export const downloadDocumentRequestList = (evaluationId: string, reference: string) =>
  downloadFile(evaluationPath(evaluationId, '/document-requests.xlsx'), `资料清单-${reference}.xlsx`);

/** 资料未提供 proposals: the evaluation's proposed findings about its document-request items (refreshed with the evaluation). */
export function useDocumentProposals(evaluationId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...evaluationKeys.detail(evaluationId), 'proposed-findings'],
    enabled,
    queryFn: async ({ signal }) => {
      const { items } = await api.get<{ items: ProposedFindingDto[] }>(evaluationPath(evaluationId, '/proposed-findings'), undefined, signal);
      return items.filter((proposal) => proposal.documentRequestId !== null);
    },
  });
}
