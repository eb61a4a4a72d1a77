import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationDto, NotificationPreferences, notificationPageSchema } from '@evalflow/domain';
import type { z } from 'zod';
import { api } from '../api/api-client';

export type NotificationPage = z.infer<typeof notificationPageSchema>;

export interface NotificationListParams {
  page: number;
  pageSize: number;
  unread?: boolean;
}

/** The bell polls the unread count; everything else is fetched when opened and refreshed after a change. */
export const UNREAD_POLL_MS = 30_000;

export const notificationKeys = {
  all: ['me', 'notifications'] as const,
  unread: ['me', 'notifications', 'unread'] as const,
  list: (params: NotificationListParams) => ['me', 'notifications', 'list', params] as const,
  preferences: ['me', 'notification-preferences'] as const,
};

export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: ({ signal }) => api.get<{ unread: number }>('/me/notifications/unread-count', undefined, signal),
    refetchInterval: UNREAD_POLL_MS,
    refetchIntervalInBackground: false,
  });
}

export function useNotifications(params: NotificationListParams, enabled = true) {
  return useQuery({
    queryKey: notificationKeys.list(params),
    queryFn: ({ signal }) =>
      api.get<NotificationPage>('/me/notifications', { page: params.page, pageSize: params.pageSize, unread: params.unread ? 'true' : undefined }, signal),
    placeholderData: keepPreviousData,
    enabled,
    staleTime: 0,
  });
}

function useInvalidateNotifications() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: notificationKeys.all });
}

export function useMarkRead() {
  const invalidate = useInvalidateNotifications();
  return useMutation({
    mutationFn: (id: string) => api.post<NotificationDto>(`/me/notifications/${id}/read`),
    onSuccess: invalidate,
  });
}

export function useMarkAllRead() {
  const invalidate = useInvalidateNotifications();
  return useMutation({
    mutationFn: () => api.post<{ marked: number }>('/me/notifications/read-all'),
    onSuccess: invalidate,
  });
}

export function useNotificationPreferences() {
  return useQuery({
    queryKey: notificationKeys.preferences,
    queryFn: ({ signal }) => api.get<NotificationPreferences>('/me/notification-preferences', undefined, signal),
  });
}

export function useSaveNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (preferences: NotificationPreferences) => api.put<NotificationPreferences>('/me/notification-preferences', preferences),
    onSuccess: (saved) => queryClient.setQueryData(notificationKeys.preferences, saved),
  });
}

/**
 * Opens the queue dashboard (Bull Board) in a new tab. The board cannot see our in-memory Bearer token, so the API
 * first sets a short-lived cookie scoped to the board's path. The tab is opened before the request so that popup
 * blockers treat it as the click's own.
 */
export async function openQueueBoard(): Promise<void> {
  const tab = window.open('about:blank', '_blank');
  try {
    const { url } = await api.post<{ url: string; expiresAt: string }>('/admin/queue-board/session');
    if (tab) tab.location.href = url;
    else window.location.href = url;
  } catch (error) {
    tab?.close();
    throw error;
  }
}
