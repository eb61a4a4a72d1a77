import { Injectable } from '@nestjs/common';
import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  DomainError,
  type ListNotificationsQuery,
  type NotificationDto,
  type NotificationPreferences,
} from '@evalflow/domain';
import type { Queryable } from '../evaluations/evaluation.repository';
import { NotificationRepository, type Notice } from './notification.repository';

export type { Notice };

/** Column limits of the notifications table; longer text is cut rather than failing the whole batch. */
const LIMITS = { title: 300, link: 1000, key: 300 } as const;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * In-app notifications (站内通知) and mail preferences (通知偏好). Other modules record through `record` (idempotent:
 * a retried job records nothing twice) and ask `preferencesOf` before mailing; the `me` routes read and mark.
 */
@Injectable()
export class NotificationsService {
  constructor(private readonly repository: NotificationRepository) {}

  /**
   * Records notifications; (userId, key) already recorded is skipped. Runs in the caller's transaction when a
   * runner is given, so the notification commits with what it tells about. Returns how many were new.
   */
  async record(runner: Queryable | null, notices: readonly Notice[]): Promise<number> {
    const clipped = notices.map((notice) => ({
      ...notice,
      title: clip(notice.title, LIMITS.title),
      link: clip(notice.link, LIMITS.link),
      key: clip(notice.key, LIMITS.key),
    }));
    return this.repository.insert(runner ?? this.repository.db, clipped);
  }

  /** Mail preferences per user; a user who never saved any gets the defaults (everything on). */
  async preferencesOf(userIds: readonly string[]): Promise<Map<string, NotificationPreferences>> {
    const saved = await this.repository.preferencesOf([...new Set(userIds)]);
    return new Map(userIds.map((id) => [id, saved.get(id) ?? { ...DEFAULT_NOTIFICATION_PREFERENCES }]));
  }

  async list(userId: string, query: ListNotificationsQuery) {
    const [{ items, total }, unread] = await Promise.all([
      this.repository.list(userId, { unreadOnly: query.unread, limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
      this.repository.unreadCount(userId),
    ]);
    return { items, total, page: query.page, pageSize: query.pageSize, unread };
  }

  async unreadCount(userId: string): Promise<{ unread: number }> {
    return { unread: await this.repository.unreadCount(userId) };
  }

  /** Another user's notification is reported as missing, exactly like one that does not exist. */
  async markRead(userId: string, id: string): Promise<NotificationDto> {
    const marked = await this.repository.markRead(userId, id);
    if (!marked) throw new DomainError('NOT_FOUND', 'No such notification');
    return marked;
  }

  async markAllRead(userId: string): Promise<{ marked: number }> {
    return { marked: await this.repository.markAllRead(userId) };
  }

  async preferences(userId: string): Promise<NotificationPreferences> {
    return (await this.preferencesOf([userId])).get(userId) ?? { ...DEFAULT_NOTIFICATION_PREFERENCES };
  }

  async savePreferences(userId: string, preferences: NotificationPreferences): Promise<NotificationPreferences> {
    await this.repository.savePreferences(userId, preferences);
    return this.preferences(userId);
  }
}
