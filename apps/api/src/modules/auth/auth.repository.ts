import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { OrganisationKind, Role } from '@evalflow/domain';

export interface ActorRow {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: Role[];
  active: boolean;
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  organisationRegionId: string;
  organisationActive: boolean;
  jurisdictionRegionIds: string[];
}

export interface CredentialsRow {
  id: string;
  passwordHash: string;
  active: boolean;
  failedLoginCount: number;
  lockedUntil: Date | null;
}

export interface SessionRow {
  id: string;
  userId: string;
  tokenHash: string;
  previousTokenHash: string | null;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** Everything the permission rules need about a user, including the jurisdiction (region and below). */
const ACTOR_SELECT = `SELECT u.id, u.username, u.display_name AS "displayName", u.email, u.roles, u.active,
      o.id AS "organisationId", o.name AS "organisationName", o.kind AS "organisationKind",
      o.region_id AS "organisationRegionId", o.active AS "organisationActive",
      ARRAY(SELECT d.id FROM regions d WHERE d.path = r.path OR d.path LIKE r.path || '/%') AS "jurisdictionRegionIds"
    FROM users u
    JOIN organisations o ON o.id = u.organisation_id
    JOIN regions r ON r.id = o.region_id`;

/** Persistence for sign-in: credentials, failure counting, sessions, and the per-request actor. */
@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One query for everything the permission rules need, including the jurisdiction (region and below). */
  async loadActor(userId: string, sessionId: string): Promise<ActorRow | null> {
    const rows: ActorRow[] = await this.db.query(
      `${ACTOR_SELECT}
         JOIN auth_sessions s ON s.user_id = u.id AND s.id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()
        WHERE u.id = $1`,
      [userId, sessionId],
    );
    return rows[0] ?? null;
  }

  /** The actor without a session: for work the system does on a user's behalf (the demo scenario). */
  async loadActorByUsername(username: string): Promise<ActorRow | null> {
    const rows: ActorRow[] = await this.db.query(`${ACTOR_SELECT} WHERE u.username = $1`, [username]);
    return rows[0] ?? null;
  }

  async findCredentials(username: string): Promise<CredentialsRow | null> {
    const rows: CredentialsRow[] = await this.db.query(
      `SELECT u.id, u.password_hash AS "passwordHash", (u.active AND o.active) AS active,
              u.failed_login_count AS "failedLoginCount", u.locked_until AS "lockedUntil"
         FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.username = $1`,
      [username],
    );
    return rows[0] ?? null;
  }

  /** Counts a failure atomically; locks the account when the count reaches the limit. Returns the lock end. */
  async recordFailure(userId: string, maxFailures: number, lockMinutes: number): Promise<Date | null> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows]: [{ lockedUntil: Date | null }[], number] = await this.db.query(
      `UPDATE users SET
          failed_login_count = CASE WHEN failed_login_count + 1 >= $2 THEN 0 ELSE failed_login_count + 1 END,
          locked_until = CASE WHEN failed_login_count + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
        WHERE id = $1 RETURNING locked_until AS "lockedUntil"`,
      [userId, maxFailures, lockMinutes],
    );
    return rows[0]?.lockedUntil ?? null;
  }

  async recordSuccess(userId: string): Promise<void> {
    await this.db.query(`UPDATE users SET failed_login_count = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`, [userId]);
  }

  async createSession(input: { userId: string; tokenHash: string; expiresAt: Date; userAgent: string | null; ip: string | null }): Promise<string> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO auth_sessions (user_id, token_hash, expires_at, user_agent, ip) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [input.userId, input.tokenHash, input.expiresAt, input.userAgent?.slice(0, 300) ?? null, input.ip],
    );
    return rows[0].id;
  }

  async findSessionByToken(tokenHash: string): Promise<(SessionRow & { matched: 'current' | 'previous' }) | null> {
    const rows: (SessionRow & { matched: 'current' | 'previous' })[] = await this.db.query(
      `SELECT id, user_id AS "userId", token_hash AS "tokenHash", previous_token_hash AS "previousTokenHash",
              expires_at AS "expiresAt", revoked_at AS "revokedAt",
              CASE WHEN token_hash = $1 THEN 'current' ELSE 'previous' END AS matched
         FROM auth_sessions WHERE token_hash = $1 OR previous_token_hash = $1 LIMIT 1`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  /** Rotates only if the token is still the current one: two refreshes racing with one token, one wins. */
  async rotateSession(sessionId: string, currentHash: string, nextHash: string, expiresAt: Date): Promise<boolean> {
    const result: [unknown[], number] = await this.db.query(
      `UPDATE auth_sessions SET previous_token_hash = token_hash, token_hash = $3, expires_at = $4, last_used_at = now()
        WHERE id = $1 AND token_hash = $2 AND revoked_at IS NULL`,
      [sessionId, currentHash, nextHash, expiresAt],
    );
    return result[1] === 1;
  }

  async revokeSession(sessionId: string): Promise<void> {
    await this.db.query(`UPDATE auth_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [sessionId]);
  }

  async revokeAllSessions(userId: string): Promise<void> {
    await this.db.query(`UPDATE auth_sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
  }
}
