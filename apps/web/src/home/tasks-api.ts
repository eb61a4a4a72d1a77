import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Page, TaskDto } from '@evalflow/domain';
import { api } from '../api/api-client';

export interface TaskListParams {
  page: number;
  pageSize: number;
}

export const taskKeys = {
  all: ['me', 'tasks'] as const,
  mine: (params: TaskListParams) => ['me', 'tasks', params] as const,
};

/** 我的待办: every evaluation waiting on the signed-in user, most urgent first (sorted by the API before paging). */
export function useMyTasks(params: TaskListParams) {
  return useQuery({
    queryKey: taskKeys.mine(params),
    queryFn: ({ signal }) => api.get<Page<TaskDto>>('/me/tasks', { ...params }, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}
