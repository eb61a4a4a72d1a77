import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BudgetAnalysis, BudgetDataDocument, FindingDto, ProposalStatus, ProposedFindingDraft, ThresholdInput } from '@evalflow/domain';
import { api, buildUrl, refreshSession } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { getAccessToken } from '../auth/session-store';
import { evaluationKeys, evaluationPath, useRefreshEvaluations } from '../evaluations/evaluations-api';

/** GET /evaluations/:id/budget-data */
export interface BudgetDataResponse {
  data: BudgetDataDocument | null;
  version: number;
  updatedAt: string | null;
}

export interface ProposedFinding {
  id: string;
  metric: string;
  subject: string | null;
  status: ProposalStatus;
  category: string;
  title: string;
  description: string;
  figures: ProposedFindingDraft['figures'];
  indicatorCode: string | null;
  suggestedDeduction: number | null;
  discardReason: string | null;
  decidedAt: string | null;
  findingId: string | null;
  version: number;
}

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

export const useImportBudgetWorkbook = (id: string) => useBudgetMutation((file: File) => upload<BudgetDataResponse>(evaluationPath(id, '/budget-data/import'), file));

export const useConfirmProposal = (id: string) =>
  useBudgetMutation(({ proposalId, deduction }: { proposalId: string; deduction?: number | null }) =>
    api.post<{ finding: FindingDto }>(evaluationPath(id, `/proposed-findings/${proposalId}/confirm`), deduction === undefined ? {} : { deduction }),
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

/* Files: the JSON client sends JSON only, so workbooks go through fetch here (same token, one refresh on 401). */

async function authorisedFetch(path: string, init: RequestInit): Promise<Response> {
  const send = () => fetch(buildUrl(path), { ...init, credentials: 'include', headers: { ...(getAccessToken() ? { Authorization: `Bearer ${getAccessToken()}` } : {}) } });
  let response = await send();
  if (response.status === 401 && (await refreshSession())) response = await send();
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { code?: string; message?: string; details?: unknown } | null;
    throw new ApiError(response.status, body?.code ?? `HTTP_${response.status}`, body?.message ?? response.statusText, body?.details);
  }
  return response;
}

async function upload<T>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file);
  return (await authorisedFetch(path, { method: 'POST', body: form })).json() as Promise<T>;
}

/** Saves a download under `filename` (the browser's own save dialog). */
export async function downloadFile(path: string, filename: string): Promise<void> {
  const blob = await (await authorisedFetch(path, { method: 'GET' })).blob();
  saveBlob(blob, filename);
}

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
