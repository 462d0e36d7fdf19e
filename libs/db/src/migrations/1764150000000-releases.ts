import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Releases1764150000000 implements MigrationInterface {
  name = 'Releases1764150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE deployments
        ADD COLUMN trigger jsonb NOT NULL DEFAULT '{"type":"manual"}',
        ADD COLUMN artifact_digest text,
        ADD COLUMN approvals_remaining integer`);
    await queryRunner.query(`
      CREATE TABLE releases (
        project text NOT NULL,
        commit_sha text NOT NULL,
        commit_message text NOT NULL,
        artifact_digest text NOT NULL,
        artifact_size bigint NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (project, commit_sha)
      )`);
    await queryRunner.query(`
      CREATE TABLE bad_commits (
        project text NOT NULL,
        environment text NOT NULL,
        commit_sha text NOT NULL,
        deployment_id uuid NOT NULL,
        reason text NOT NULL,
        marked_at timestamptz NOT NULL,
        PRIMARY KEY (project, environment, commit_sha)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE bad_commits`);
    await queryRunner.query(`DROP TABLE releases`);
    await queryRunner.query(
      `ALTER TABLE deployments DROP COLUMN trigger, DROP COLUMN artifact_digest, DROP COLUMN approvals_remaining`,
    );
  }
}
