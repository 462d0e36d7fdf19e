import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Repositories connected to projects, their webhook secrets (encrypted), and the deliveries received. */
export class Vcs1764180000000 implements MigrationInterface {
  name = 'Vcs1764180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE projects
        ADD COLUMN vcs_provider text CHECK (vcs_provider IN ('github', 'gitlab')),
        ADD COLUMN vcs_repository text`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX projects_vcs_repository ON projects (vcs_provider, lower(vcs_repository))`,
    );
    await queryRunner.query(`
      CREATE TABLE webhook_secrets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project text NOT NULL REFERENCES projects (name) ON UPDATE CASCADE ON DELETE CASCADE,
        secret bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX webhook_secrets_project ON webhook_secrets (project)`);
    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        provider text NOT NULL,
        delivery_id text NOT NULL,
        project text NOT NULL,
        event text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        outcome text NOT NULL,
        PRIMARY KEY (provider, delivery_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE webhook_deliveries`);
    await queryRunner.query(`DROP TABLE webhook_secrets`);
    await queryRunner.query(`DROP INDEX projects_vcs_repository`);
    await queryRunner.query(`ALTER TABLE projects DROP COLUMN vcs_provider, DROP COLUMN vcs_repository`);
  }
}
