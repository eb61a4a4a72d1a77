import { useQuery } from '@tanstack/react-query';
import type { RegionDto } from '@evalflow/domain';
import { api } from '../api/api-client';

export const regionKeys = { all: ['regions'] as const };

export function useRegions() {
  return useQuery({
    queryKey: regionKeys.all,
    queryFn: ({ signal }) => api.get<RegionDto[]>('/regions', undefined, signal),
    staleTime: 10 * 60_000,
  });
}
