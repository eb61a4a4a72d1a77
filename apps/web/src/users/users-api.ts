import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateUserInput, Page, Role, UpdateUserInput, UserDto } from '@evalflow/domain';
import { api } from '../api/api-client';

export interface UserListParams {
  page: number;
  pageSize: number;
  q?: string;
  organisationId?: string;
  role?: Role;
}

export const userKeys = {
  all: ['users'] as const,
  list: (params: UserListParams) => ['users', 'list', params] as const,
};

export function useUsers(params: UserListParams, enabled = true) {
  return useQuery({
    queryKey: userKeys.list(params),
    queryFn: ({ signal }) => api.get<Page<UserDto>>('/users', { ...params }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export type SaveUserInput = { id: string; changes: UpdateUserInput } | { id?: undefined; changes: CreateUserInput };

export function useSaveUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveUserInput) =>
      input.id ? api.patch<UserDto>(`/users/${encodeURIComponent(input.id)}`, input.changes) : api.post<UserDto>('/users', input.changes),
    onSettled: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}
