import type { MigrationInterface, QueryRunner } from 'typeorm';

/** People who sign in, their sessions, single-use login handshakes, and the audit log of every mutation. */
export class Access1764160000000 implements MigrationInterface {
  name = 'Access1764160000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE api_tokens ADD COLUMN projects text[]`);
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider text NOT NULL,
        subject text NOT NULL,
        name text NOT NULL,
        email text,
        groups text[] NOT NULL DEFAULT '{}',
        grants jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        last_login_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (provider, subject)
      )`);
    await queryRunner.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE login_requests (
        kind text NOT NULL,
        id text NOT NULL,
        value text NOT NULL DEFAULT '',
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (kind, id)
      )`);
    await queryRunner.query(`
      CREATE TABLE audit_entries (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text,
        actor_kind text,
        ip text,
        action text NOT NULL,
        arguments jsonb NOT NULL DEFAULT '{}',
        outcome text NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
        code text,
        message text
      )`);
    await queryRunner.query(`CREATE INDEX audit_entries_actor ON audit_entries (actor, id)`);
    await queryRunner.query(`ALTER TABLE projects ADD COLUMN spec_path text NOT NULL DEFAULT '.slipway.yml'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE projects DROP COLUMN spec_path`);
    await queryRunner.query(`DROP TABLE audit_entries`);
    await queryRunner.query(`DROP TABLE login_requests`);
    await queryRunner.query(`DROP TABLE sessions`);
    await queryRunner.query(`DROP TABLE users`);
    await queryRunner.query(`ALTER TABLE api_tokens DROP COLUMN projects`);
  }
}
