import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Regions, organisations, users and sign-in sessions. */
export class InitialSchema1763700000000 implements MigrationInterface {
  name = 'InitialSchema1763700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE regions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(12) NOT NULL UNIQUE,
        name varchar(50) NOT NULL,
        parent_id uuid REFERENCES regions(id),
        level int NOT NULL,
        path text NOT NULL UNIQUE
      )`);
    await db.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        short_name varchar(30),
        kind varchar(30) NOT NULL CHECK (kind IN ('finance_bureau','department','evaluation_firm','audit_office')),
        credit_code char(18) NOT NULL,
        region_id uuid NOT NULL REFERENCES regions(id),
        contact_email varchar(200),
        active boolean NOT NULL DEFAULT true,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organisations_credit_code_unique UNIQUE (credit_code)
      )`);
    await db.query(`CREATE INDEX organisations_region_idx ON organisations(region_id)`);
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username varchar(32) NOT NULL,
        display_name varchar(50) NOT NULL,
        email varchar(200),
        password_hash text NOT NULL,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        roles text[] NOT NULL CHECK (cardinality(roles) > 0),
        active boolean NOT NULL DEFAULT true,
        failed_login_count int NOT NULL DEFAULT 0,
        locked_until timestamptz,
        last_login_at timestamptz,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_username_unique UNIQUE (username)
      )`);
    await db.query(`CREATE INDEX users_organisation_idx ON users(organisation_id)`);
    await db.query(`
      CREATE TABLE auth_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        token_hash char(64) NOT NULL UNIQUE,
        previous_token_hash char(64),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        last_used_at timestamptz NOT NULL DEFAULT now(),
        user_agent varchar(300),
        ip varchar(64),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX auth_sessions_previous_idx ON auth_sessions(previous_token_hash)`);
    await db.query(`CREATE INDEX auth_sessions_user_idx ON auth_sessions(user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE auth_sessions');
    await db.query('DROP TABLE users');
    await db.query('DROP TABLE organisations');
    await db.query('DROP TABLE regions');
  }
}
