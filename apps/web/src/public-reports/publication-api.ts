import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PublicationDto, ReportNumberingDto } from '@evalflow/domain';
import { api } from '../api/api-client';

const keys = {
  publication: (id: string) => ['evaluations', id, 'publication'] as const,
  numbering: ['report-numbering'] as const,
};

export function usePublication(evaluationId: string) {
  return useQuery({ queryKey: keys.publication(evaluationId), queryFn: () => api.get<PublicationDto>(`/evaluations/${evaluationId}/publication`) });
}

/** 公开 or 撤回公开 (with the reason): either answers the publication as it is now; the history tab reloads too. */
export function usePublicationChange(evaluationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: { kind: 'publish'; expectedVersion: number } | { kind: 'withdraw'; reason: string; expectedVersion: number }) =>
      change.kind === 'publish'
        ? api.post<PublicationDto>(`/evaluations/${evaluationId}/publication`, { expectedVersion: change.expectedVersion })
        : api.post<PublicationDto>(`/evaluations/${evaluationId}/publication/withdraw`, { reason: change.reason, expectedVersion: change.expectedVersion }),
    onSettled: () => client.invalidateQueries({ queryKey: ['evaluations', evaluationId] }),
  });
}

export function useReportNumbering(enabled: boolean) {
  return useQuery({ queryKey: keys.numbering, queryFn: () => api.get<ReportNumberingDto>('/report-numbering'), enabled, retry: false });
}

export function useSetReportNumbering() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { pattern: string; expectedVersion: number }) => api.put<ReportNumberingDto>('/report-numbering', input),
    onSettled: () => client.invalidateQueries({ queryKey: keys.numbering }),
  });
}
