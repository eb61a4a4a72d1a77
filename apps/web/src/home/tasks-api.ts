import { useQuery } from '@tanstack/react-query';
import { api } from '../api/api-client';
import { isApiError } from '../api/api-error';

export interface TaskItem {
  title: string;
  evaluationId: string;
  state: string;
  dueDate: string | null;
  action: string;
}

export const taskKeys = { mine: ['me', 'tasks'] as const };

/** The user's inbox. The endpoint ships in a later issue: until then it answers 404, which means "nothing to do". */
export function useMyTasks() {
  return useQuery({
    queryKey: taskKeys.mine,
    queryFn: async ({ signal }) => {
      try {
        const body = await api.get<{ items?: TaskItem[] }>('/me/tasks', undefined, signal);
        return { available: true, items: body?.items ?? [] };
      } catch (error) {
        if (isApiError(error, 404)) return { available: false, items: [] as TaskItem[] };
        throw error;
      }
    },
  });
}
