import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AttachmentDto,
  CreateWorkingPaperInput,
  FindingEvidenceDto,
  PutFindingEvidenceInput,
  UpdateWorkingPaperInput,
  WorkingPaperDto,
} from '@evalflow/domain';
import { api } from '../api/api-client';
import { attachmentKeys, type AttachmentSubject } from '../attachments/attachments-api';
import { evaluationKeys, evaluationPath } from '../evaluations/evaluations-api';
import { taskKeys } from '../home/tasks-api';
import type { WorkflowSubject } from '../workflow/workflow-api';

/* 工作底稿 (issue 11): the team's working papers and what findings cite (依据). The API decides who may do what. */

export const workingPaperPath = (id: string) => `/working-papers/${encodeURIComponent(id)}`;

export const workingPaperKeys = {
  /** Below the evaluation's detail key: refreshing the evaluation refreshes its papers. */
  list: (evaluationId: string) => [...evaluationKeys.detail(evaluationId), 'working-papers'] as const,
  evidence: (findingId: string) => ['findings', findingId, 'evidence'] as const,
};

/** The papers may be edited while 编制中 or 退回修改 (the API's rule; the page only decides what to offer). */
export const EDITABLE_STATES: readonly string[] = ['draft', 'returned'];

export function useWorkingPapers(evaluationId: string, enabled = true) {
  return useQuery({
    queryKey: workingPaperKeys.list(evaluationId),
    enabled,
    queryFn: ({ signal }) => api.get<{ items: WorkingPaperDto[] }>(evaluationPath(evaluationId, '/working-papers'), undefined, signal),
  });
}

function useRefreshPapers(evaluationId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: workingPaperKeys.list(evaluationId) }), queryClient.invalidateQueries({ queryKey: taskKeys.all })]);
}

export type SaveWorkingPaperInput = { id: string; changes: UpdateWorkingPaperInput } | { id?: undefined; changes: CreateWorkingPaperInput };

export function useSaveWorkingPaper(evaluationId: string) {
  const refresh = useRefreshPapers(evaluationId);
  return useMutation({
    mutationFn: (input: SaveWorkingPaperInput) =>
      input.id ? api.patch<WorkingPaperDto>(workingPaperPath(input.id), input.changes) : api.post<WorkingPaperDto>(evaluationPath(evaluationId, '/working-papers'), input.changes),
    onSettled: () => refresh(),
  });
}

/** The paper for the shared actions bar and history; its record lives in the evaluation's list, refreshed with it. */
export function workingPaperSubject(paper: WorkingPaperDto): WorkflowSubject {
  return {
    path: workingPaperPath(paper.id),
    queryKey: ['working-papers', paper.id],
    invalidates: [workingPaperKeys.list(paper.evaluation.id)],
    version: paper.version,
    stateLabel: paper.stateLabel,
    terminal: paper.terminal,
    name: `${paper.kindLabel}“${paper.title}”`,
    commentLabels: { return: { label: '退回原因', placeholder: '请写明需要修改或补充的内容，将记入复核记录' } },
  };
}

/* 依据 of a finding. */

export function useFindingEvidence(findingId: string | undefined) {
  return useQuery({
    queryKey: workingPaperKeys.evidence(findingId ?? 'none'),
    enabled: Boolean(findingId),
    queryFn: ({ signal }) => api.get<{ items: FindingEvidenceDto[] }>(`/findings/${encodeURIComponent(findingId!)}/evidence`, undefined, signal),
  });
}

export function useSaveFindingEvidence() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ findingId, input }: { findingId: string; input: PutFindingEvidenceInput }) =>
      api.put<{ items: FindingEvidenceDto[] }>(`/findings/${encodeURIComponent(findingId)}/evidence`, input),
    onSettled: (_data, _error, { findingId }) => queryClient.invalidateQueries({ queryKey: workingPaperKeys.evidence(findingId) }),
  });
}

/** The files of several records at once (the 依据 options: the files of the evaluation's papers and request items). */
export function useAttachmentsOf(subjects: AttachmentSubject[]) {
  return useQueries({
    queries: subjects.map((subject) => ({
      queryKey: attachmentKeys.of(subject),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.get<{ items: AttachmentDto[] }>('/attachments', { subjectType: subject.subjectType, subjectId: subject.subjectId }, signal),
    })),
  });
}
