import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateFrameworkDraftInput, FrameworkVersionDto, PublishFrameworkInput, SaveFrameworkDraftInput } from '@evalflow/domain';
import { api } from '../api/api-client';
import { uploadFile } from '../api/file-transfer';

/** A framework version (指标体系) as GET /frameworks lists it: published versions, and the caller's bureau's drafts. */
export type FrameworkSummary = Omit<FrameworkVersionDto, 'nodes' | 'declaredLevel1Weights' | 'problems'> & {
  indicatorCount: number;
  /** The caller may edit it (a draft of their bureau, for a finance admin). */
  editable: boolean;
};

export const frameworkKeys = {
  all: ['frameworks'] as const,
  one: (id: string) => ['frameworks', 'one', id] as const,
};

function useFrameworkList(enabled: boolean) {
  return useQuery({
    queryKey: frameworkKeys.all,
    queryFn: ({ signal }) => api.get<{ items: FrameworkSummary[] }>('/frameworks', undefined, signal),
    staleTime: 60_000,
    enabled,
  });
}

/** Published versions only: what an evaluation can be commissioned with. */
export function useFrameworks(enabled = true) {
  const query = useFrameworkList(enabled);
  return { ...query, data: query.data ? { items: query.data.items.filter((item) => item.status === 'published') } : undefined };
}

/** Every version the caller may see, drafts included (the 指标体系 page). */
export function useFrameworkVersions() {
  return useFrameworkList(true);
}

export function useFramework(id: string) {
  return useQuery({
    queryKey: frameworkKeys.one(id),
    queryFn: ({ signal }) => api.get<FrameworkVersionDto>(`/frameworks/${encodeURIComponent(id)}`, undefined, signal),
  });
}

function useFrameworkMutation<I>(send: (input: I) => Promise<FrameworkVersionDto>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (saved) => queryClient.setQueryData(frameworkKeys.one(saved.id), saved),
    onSettled: () => queryClient.invalidateQueries({ queryKey: frameworkKeys.all }),
  });
}

export function useCreateFrameworkDraft() {
  return useFrameworkMutation((input: CreateFrameworkDraftInput) => api.post<FrameworkVersionDto>('/frameworks/drafts', input));
}

export function useSaveFrameworkDraft(id: string) {
  return useFrameworkMutation((input: SaveFrameworkDraftInput) => api.put<FrameworkVersionDto>(`/frameworks/${encodeURIComponent(id)}`, input));
}

export function usePublishFramework(id: string) {
  return useFrameworkMutation((input: PublishFrameworkInput) => api.post<FrameworkVersionDto>(`/frameworks/${encodeURIComponent(id)}/publish`, input));
}

export function useImportFramework() {
  return useFrameworkMutation((file: File) => uploadFile<FrameworkVersionDto>('/frameworks/import', file));
}

export const frameworkExportPath = (id: string) => `/frameworks/${encodeURIComponent(id)}/export`;
