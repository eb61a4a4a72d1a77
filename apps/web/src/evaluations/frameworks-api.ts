import { useQuery } from '@tanstack/react-query';
import type { EvaluationScope } from '@evalflow/domain';
import { api } from '../api/api-client';

/** A published indicator framework version (指标体系), as GET /frameworks lists it. */
export interface FrameworkSummary {
  id: string;
  code: string;
  version: number;
  name: string;
  scope: EvaluationScope;
  indicatorCount: number;
}

export const frameworkKeys = { all: ['frameworks'] as const };

export function useFrameworks(enabled = true) {
  return useQuery({
    queryKey: frameworkKeys.all,
    queryFn: ({ signal }) => api.get<{ items: FrameworkSummary[] }>('/frameworks', undefined, signal),
    staleTime: 5 * 60_000,
    enabled,
  });
}
