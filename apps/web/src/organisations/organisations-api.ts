import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateOrganisationInput, OrganisationDto, OrganisationKind, Page, UpdateOrganisationInput } from '@evalflow/domain';
import { api } from '../api/api-client';

export interface OrganisationListParams {
  page: number;
  pageSize: number;
  q?: string;
  kind?: OrganisationKind;
  regionId?: string;
}

export const organisationKeys = {
  all: ['organisations'] as const,
  list: (params: OrganisationListParams) => ['organisations', 'list', params] as const,
  detail: (id: string) => ['organisations', 'detail', id] as const,
};

export function useOrganisations(params: OrganisationListParams, enabled = true) {
  return useQuery({
    queryKey: organisationKeys.list(params),
    queryFn: ({ signal }) => api.get<Page<OrganisationDto>>('/organisations', { ...params }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useOrganisation(id: string | undefined) {
  return useQuery({
    queryKey: organisationKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<OrganisationDto>(`/organisations/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: Boolean(id),
  });
}

/** Organisations offered in pickers (first 100 the user can read; filtered client-side by name). */
export function useOrganisationOptions(enabled = true) {
  return useOrganisations({ page: 1, pageSize: 100 }, enabled);
}

export type SaveOrganisationInput = { id: string; changes: UpdateOrganisationInput } | { id?: undefined; changes: CreateOrganisationInput };

export function useSaveOrganisation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveOrganisationInput) =>
      input.id
        ? api.patch<OrganisationDto>(`/organisations/${encodeURIComponent(input.id)}`, input.changes)
        : api.post<OrganisationDto>('/organisations', input.changes),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: organisationKeys.all });
      // User rows show their organisation's name.
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
}
