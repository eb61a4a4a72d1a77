import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { NotificationDto, NotificationKind, NotificationPreferences } from '@evalflow/domain';
import type { Queryable } from '../evaluations/evaluation.repository';

/** What a caller records: one in-app notification for one user. `key` says what it is about (unique per user). */
export interface Notice {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** App-relative deep link, e.g. `/evaluations/<id>`. */
  link: string;
  key: string;
}

const SELECT = `SELECT id, kind, title, body, link, read_at AS "readAt", created_at AS "createdAt" FROM notifications`;

interface NotificationRow extends Omit<NotificationDto, 'readAt' | 'createdAt'> {
  readAt: Date | null;
  createdAt: Date;
}

const toDto = (row: NotificationRow): NotificationDto => ({
  ...row,
  readAt: row.readAt ? row.readAt.toISOString() : null,
  createdAt: row.createdAt.toISOString(),
});

/** In-app notifications and mail preferences. Every read and write is scoped by the owning user's id. */
@Injectable()
export class NotificationRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  /** Inserts many in one statement; (user, key) already present is skipped. Returns how many were new. */
  async insert(runner: Queryable, notices: readonly Notice[]): Promise<number> {
    if (notices.length === 0) return 0;
    const rows: { id: string }[] = await runner.query(
      `INSERT INTO notifications (user_id, kind, title, body, link, key)
       SELECT r.user_id, r.kind, r.title, r.body, r.link, r.key
       FROM json_to_recordset($1::json) AS r(user_id uuid, kind text, title text, body text, link text, key text)
       ON CONFLICT (user_id, key) DO NOTHING RETURNING id`,
      [JSON.stringify(notices.map((n) => ({ user_id: n.userId, kind: n.kind, title: n.title, body: n.body, link: n.link, key: n.key })))],
    );
    return rows.length;
  }

  async list(userId: string, options: { unreadOnly: boolean; limit: number; offset: number }): Promise<{ items: NotificationDto[]; total: number }> {
    const where = `WHERE user_id = $1${options.unreadOnly ? ' AND read_at IS NULL' : ''}`;
    const [rows, [{ total }]] = await Promise.all([
      this.db.query(`${SELECT} ${where} ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`, [userId, options.limit, options.offset]),
      this.db.query(`SELECT count(*)::int AS total FROM notifications ${where}`, [userId]),
    ]);
    return { items: (rows as NotificationRow[]).map(toDto), total };
  }

  async unreadCount(userId: string): Promise<number> {
    const [{ count }] = await this.db.query(`SELECT count(*)::int AS count FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    return count;
  }

  /** Marks one of the user's notifications read (kept read if it already was); null when it is not theirs. */
  async markRead(userId: string, id: string): Promise<NotificationDto | null> {
    const [rows] = await this.db.query(
      `UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2
       RETURNING id, kind, title, body, link, read_at AS "readAt", created_at AS "createdAt"`,
      [id, userId],
    );
    return rows[0] ? toDto(rows[0]) : null;
  }

  async markAllRead(userId: string): Promise<number> {
    const [, affected] = await this.db.query(`UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    return affected;
  }

  async preferencesOf(userIds: readonly string[]): Promise<Map<string, NotificationPreferences>> {
    if (userIds.length === 0) return new Map();
    const rows: ({ userId: string } & NotificationPreferences)[] = await this.db.query(
      `SELECT user_id AS "userId", digest_mail AS "digestMail", reminder_mail AS "reminderMail" FROM notification_preferences WHERE user_id = ANY($1::uuid[])`,
      [userIds],
    );
    return new Map(rows.map((row) => [row.userId, { digestMail: row.digestMail, reminderMail: row.reminderMail }]));
  }

  async savePreferences(userId: string, preferences: NotificationPreferences): Promise<void> {
    await this.db.query(
      `INSERT INTO notification_preferences (user_id, digest_mail, reminder_mail) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET digest_mail = EXCLUDED.digest_mail, reminder_mail = EXCLUDED.reminder_mail, updated_at = now()`,
      [userId, preferences.digestMail, preferences.reminderMail],
    );
  }
}
