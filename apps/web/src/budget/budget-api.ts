import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BudgetAnalysis, ConfirmProposalInput, FindingDto, ProposedFindingDto, ThresholdInput, budgetDataResponseSchema } from '@evalflow/domain';
import type { z } from 'zod';
import { api } from '../api/api-client';
import { uploadFile } from '../api/file-transfer';
import { evaluationKeys, evaluationPath, useRefreshEvaluations } from '../evaluations/evaluations-api';

/** GET /evaluations/:id/budget-data */
export type BudgetDataResponse = z.infer<typeof budgetDataResponseSchema>;

export type ProposedFinding = ProposedFindingDto;

/*
 * The metrics and thresholds answers stay declared here: their response schemas (budgetMetricsSchema,
 * budgetThresholdsSchema) are looser than the domain types the pages use (a metric key as a string, readonly
 * arrays), so z.infer would lose what the pages rely on.
 */

/** GET /evaluations/:id/metrics */
export interface MetricsResponse {
  available: boolean;
  thresholds: { regionId: string | null; regionName: string | null; thresholds: ThresholdInput[] };
  analysis: BudgetAnalysis | null;
  proposals: ProposedFinding[];
}

export interface ThresholdsResponse {
  regionId: string;
  own: { thresholds: ThresholdInput[]; version: number; updatedAt: string } | null;
  effective: { regionId: string | null; regionName: string | null; thresholds: ThresholdInput[] };
  defaults: ThresholdInput[];
}

const budgetKeys = {
  data: (id: string) => [...evaluationKeys.detail(id), 'budget-data'] as const,
  metrics: (id: string) => [...evaluationKeys.detail(id), 'metrics'] as const,
  thresholds: (regionId: string) => ['budget-thresholds', regionId] as const,
};

export function useBudgetData(id: string) {
  return useQuery({ queryKey: budgetKeys.data(id), queryFn: ({ signal }) => api.get<BudgetDataResponse>(evaluationPath(id, '/budget-data'), undefined, signal) });
}

export function useBudgetMetrics(id: string) {
  return useQuery({ queryKey: budgetKeys.metrics(id), queryFn: ({ signal }) => api.get<MetricsResponse>(evaluationPath(id, '/metrics'), undefined, signal) });
}

/** Every budget write changes metrics, proposals and findings: refresh the whole evaluation (a refusal too: the page is stale). */
function useBudgetMutation<I, O>(send: (input: I) => Promise<O>) {
  const refresh = useRefreshEvaluations();
  return useMutation({ mutationFn: send, onSettled: () => refresh() });
}

export const useSaveBudgetData = (id: string) =>
  useBudgetMutation((input: { data: unknown; expectedVersion: number }) => api.put<BudgetDataResponse>(evaluationPath(id, '/budget-data'), input));

export const useImportBudgetWorkbook = (id: string) => useBudgetMutation((file: File) => uploadFile<BudgetDataResponse>(evaluationPath(id, '/budget-data/import'), file));

/** 确认: the body is ConfirmProposalInput (deduction, 问题剖析, 建议); what is left out keeps the proposal's own. */
export const useConfirmProposal = (id: string) =>
  useBudgetMutation(({ proposalId, ...body }: { proposalId: string } & ConfirmProposalInput) =>
    api.post<{ finding: FindingDto }>(evaluationPath(id, `/proposed-findings/${proposalId}/confirm`), body),
  );

export const useDiscardProposal = (id: string) =>
  useBudgetMutation(({ proposalId, reason }: { proposalId: string; reason: string }) => api.post<ProposedFinding>(evaluationPath(id, `/proposed-findings/${proposalId}/discard`), { reason }));

export function useThresholds(regionId: string | undefined) {
  return useQuery({
    queryKey: budgetKeys.thresholds(regionId ?? ''),
    enabled: Boolean(regionId),
    queryFn: ({ signal }) => api.get<ThresholdsResponse>('/budget-thresholds', { regionId }, signal),
  });
}

export function useSaveThresholds(regionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { thresholds: ThresholdInput[]; expectedVersion: number }) => api.put<ThresholdsResponse>(`/budget-thresholds/${encodeURIComponent(regionId)}`, input),
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['budget-thresholds'] }), queryClient.invalidateQueries({ queryKey: evaluationKeys.all })]),
  });
}
