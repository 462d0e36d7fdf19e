import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the repository host was told about each deployment: its own deployment id, so a retried report
 * never creates a second one, and the last state posted, so none is posted twice.
 */
export class VcsReports1764200000000 implements MigrationInterface {
  name = 'VcsReports1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // No foreign key to deployments: the vcs service may report before the audit service stored the row.
    // provider_deployment_id stays null while creating the deployment there failed (last_error says why).
    await queryRunner.query(`
      CREATE TABLE vcs_reports (
        deployment_id uuid PRIMARY KEY,
        provider text NOT NULL CHECK (provider IN ('github', 'gitlab')),
        provider_deployment_id text,
        last_state text,
        last_error text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE vcs_reports`);
  }
}
