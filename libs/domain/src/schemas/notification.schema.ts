import { z } from 'zod';
import { pageQuerySchema, uuidSchema } from './common.schema';

/**
 * In-app notifications (站内通知) and per-user mail preferences (通知偏好).
 * workflow: a lifecycle step concerning the user; reminder: a deadline point; escalation: overdue work of someone
 * the user supervises; digest: the daily overdue digest.
 */
export const NOTIFICATION_KINDS = ['workflow', 'reminder', 'escalation', 'digest'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, { zh: string; en: string }> = {
  workflow: { zh: '流程通知', en: 'Workflow' },
  reminder: { zh: '期限提醒', en: 'Reminder' },
  escalation: { zh: '逾期督办', en: 'Escalation' },
  digest: { zh: '逾期汇总', en: 'Digest' },
};

export const notificationSchema = z.object({
  id: uuidSchema,
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  /** An app-relative deep link (e.g. /evaluations/<id>). */
  link: z.string(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type NotificationDto = z.infer<typeof notificationSchema>;

export const listNotificationsQuerySchema = pageQuerySchema.extend({
  /** `true` lists only unread ones. Query strings arrive as text. */
  unread: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .optional()
    .transform((value) => value === 'true'),
});
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuerySchema>;

export const notificationPageSchema = z.object({
  items: z.array(notificationSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  unread: z.number().int(),
});

export const unreadCountSchema = z.object({ unread: z.number().int() });

export const markAllReadResponseSchema = z.object({ marked: z.number().int() });

export const notificationPreferencesSchema = z.object({
  /** 逾期汇总邮件: the daily digest of overdue work (finance officers). */
  digestMail: z.boolean(),
  /** 期限提醒邮件: reminder and escalation mails (in-app notifications are always recorded). */
  reminderMail: z.boolean(),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

export const updateNotificationPreferencesSchema = z
  .object({
    digestMail: z.boolean({ message: 'must be true or false' }),
    reminderMail: z.boolean({ message: 'must be true or false' }),
  })
  .strict();
export type UpdateNotificationPreferencesInput = z.infer<typeof updateNotificationPreferencesSchema>;

export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = { digestMail: true, reminderMail: true };
