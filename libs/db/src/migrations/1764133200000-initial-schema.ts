import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764133200000 implements MigrationInterface {
  name = 'InitialSchema1764133200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE projects (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        repository_url text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE deployments (
        id uuid PRIMARY KEY,
        project text NOT NULL,
        environment text NOT NULL,
        ref text NOT NULL,
        actor text NOT NULL,
        status text NOT NULL,
        commit_sha text,
        commit_message text,
        reason text,
        queued_at timestamptz NOT NULL,
        started_at timestamptz,
        finished_at timestamptz,
        last_sequence integer NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX deployments_project_environment_queued ON deployments (project, environment, queued_at)`,
    );
    await queryRunner.query(`CREATE INDEX deployments_queued ON deployments (queued_at DESC, id DESC)`);
    await queryRunner.query(`
      CREATE TABLE deployment_steps (
        deployment_id uuid NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
        position integer NOT NULL,
        name text NOT NULL,
        status text NOT NULL,
        started_at timestamptz,
        finished_at timestamptz,
        output text NOT NULL,
        error text,
        PRIMARY KEY (deployment_id, position)
      )`);
    await queryRunner.query(`
      CREATE TABLE deployment_events (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        deployment_id uuid NOT NULL,
        sequence integer NOT NULL,
        type text NOT NULL,
        body jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (deployment_id, sequence)
      )`);
    await queryRunner.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        token_hash bytea NOT NULL UNIQUE,
        roles text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['api_tokens', 'deployment_events', 'deployment_steps', 'deployments', 'projects']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
