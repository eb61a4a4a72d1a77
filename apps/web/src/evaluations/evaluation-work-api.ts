import { useMutation, useQuery } from '@tanstack/react-query';
import type {
  AdjudicateFindingInput,
  AnswerFindingInput,
  CreateFindingInput,
  EntryConflictDto,
  EvaluationDto,
  FindingDto,
  SaveScoresInput,
  SaveSelfEvaluationInput,
  UpdateFindingInput,
  indicatorsResponseSchema,
  selfEvaluationReportSchema,
} from '@evalflow/domain';
import type { z } from 'zod';
import { api } from '../api/api-client';
import { isApiError } from '../api/api-error';
import { evaluationKeys, evaluationPath, useRefreshEvaluations } from './evaluations-api';

/** GET /evaluations/:id/self-evaluation: the narrative report and the budget figures (fen). */
export type SelfEvaluationReport = z.infer<typeof selfEvaluationReportSchema>;

/** GET /evaluations/:id/indicators (scoresVisible is false while the team's scores are hidden from the caller). */
export type IndicatorsDto = z.infer<typeof indicatorsResponseSchema>;

/** One row: the entry plus what the rule computes and the self-vs-team difference. */
export type IndicatorRow = IndicatorsDto['rows'][number];

export const selfEvaluationExportPath = (id: string) => evaluationPath(id, '/exports/self-evaluation.xlsx');
export const scoreTableExportPath = (id: string) => evaluationPath(id, '/exports/scores.xlsx');

export function useIndicators(id: string) {
  return useQuery({
    queryKey: evaluationKeys.indicators(id),
    queryFn: ({ signal }) => api.get<IndicatorsDto>(evaluationPath(id, '/indicators'), undefined, signal),
  });
}

export function useSelfEvaluationReport(id: string) {
  return useQuery({
    queryKey: evaluationKeys.selfEvaluation(id),
    queryFn: ({ signal }) => api.get<SelfEvaluationReport>(evaluationPath(id, '/self-evaluation'), undefined, signal),
  });
}

export function useFindings(id: string) {
  return useQuery({
    queryKey: evaluationKeys.findings(id),
    queryFn: ({ signal }) => api.get<{ items: FindingDto[] }>(evaluationPath(id, '/findings'), undefined, signal),
  });
}

/**
 * Every piece of stage work changes what the guards read, so a save refreshes the evaluation's actions too (and the
 * rest of its queries); a failed save refreshes as well, since a 403/409 means what the page shows is out of date.
 */
function useWorkMutation<I, O>(send: (input: I) => Promise<O>, options: { keepOnEntryConflict?: boolean } = {}) {
  const refresh = useRefreshEvaluations();
  return useMutation({
    mutationFn: send,
    // Except a save of indicator entries refused because somebody changed them: reloading would wipe what the user
    // typed before they have read whose change it was, so the page offers the reload instead.
    onSettled: (_data, error) => (options.keepOnEntryConflict && entryConflictsOf(error).length > 0 ? undefined : refresh()),
  });
}

/** The entries a refused save names (409 VERSION_CONFLICT of a score or self-evaluation save); empty for any other outcome. */
export function entryConflictsOf(error: unknown): EntryConflictDto[] {
  if (!isApiError(error, 409) || error.code !== 'VERSION_CONFLICT') return [];
  const conflicts = (error.details as { conflicts?: unknown } | undefined)?.conflicts;
  return Array.isArray(conflicts) ? (conflicts as EntryConflictDto[]) : [];
}

export function useSaveSelfEvaluation(id: string) {
  return useWorkMutation((input: SaveSelfEvaluationInput) => api.put<SelfEvaluationReport>(evaluationPath(id, '/self-evaluation'), input), { keepOnEntryConflict: true });
}

export function useSaveScores(id: string) {
  return useWorkMutation((input: SaveScoresInput) => api.put<IndicatorsDto>(evaluationPath(id, '/scores'), input), { keepOnEntryConflict: true });
}

export type SaveFindingInput = { findingId: string; changes: UpdateFindingInput } | { findingId?: undefined; changes: CreateFindingInput };

export function useSaveFinding(id: string) {
  return useWorkMutation((input: SaveFindingInput) =>
    input.findingId
      ? api.patch<FindingDto>(evaluationPath(id, `/findings/${encodeURIComponent(input.findingId)}`), input.changes)
      : api.post<FindingDto>(evaluationPath(id, '/findings'), input.changes),
  );
}

export function useAnswerFinding(id: string) {
  return useWorkMutation(({ findingId, ...body }: AnswerFindingInput & { findingId: string }) =>
    api.put<FindingDto>(evaluationPath(id, `/findings/${encodeURIComponent(findingId)}/answer`), body),
  );
}

export function useAdjudicateFinding(id: string) {
  return useWorkMutation(({ findingId, ...body }: AdjudicateFindingInput & { findingId: string }) =>
    api.put<FindingDto>(evaluationPath(id, `/findings/${encodeURIComponent(findingId)}/adjudication`), body),
  );
}

export function useSetReportNumber(id: string) {
  return useWorkMutation((body: { reportNumber: string; expectedVersion: number }) => api.put<EvaluationDto>(evaluationPath(id, '/report-number'), body));
}

export function useSetReviewOpinion(id: string) {
  return useWorkMutation((body: { reviewOpinion: string; expectedVersion: number }) => api.put<EvaluationDto>(evaluationPath(id, '/review-opinion'), body));
}
