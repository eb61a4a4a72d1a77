import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * In-app notifications and per-user mail preferences. A notification is unique per (user, key): the key says what
 * it is about (an outbox row, a reminder job), so a retried job records nothing twice.
 */
export class Notifications1763930000000 implements MigrationInterface {
  name = 'Notifications1763930000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        kind varchar(20) NOT NULL CHECK (kind IN ('workflow','reminder','escalation','digest')),
        title varchar(300) NOT NULL,
        body text NOT NULL,
        link varchar(1000) NOT NULL,
        key varchar(300) NOT NULL,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notifications_user_key_unique UNIQUE (user_id, key)
      )`);
    // The list (newest first per user) and the bell's unread count (a partial index holds only unread rows).
    await db.query(`CREATE INDEX notifications_user_created_idx ON notifications (user_id, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX notifications_user_unread_idx ON notifications (user_id) WHERE read_at IS NULL`);
    await db.query(`
      CREATE TABLE notification_preferences (
        user_id uuid PRIMARY KEY REFERENCES users(id),
        digest_mail boolean NOT NULL DEFAULT true,
        reminder_mail boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notification_preferences`);
    await db.query(`DROP TABLE notifications`);
  }
}
