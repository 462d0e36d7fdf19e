import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where each reported deployment went (repository and environment), so that when one succeeds the
 * environment's previous successful deployment on the host is marked replaced (`inactive`). Rows from
 * before stay without them: nothing older is retired.
 */
export class VcsReportEnvironments1764220000000 implements MigrationInterface {
  name = 'VcsReportEnvironments1764220000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE vcs_reports ADD COLUMN repository text, ADD COLUMN environment text`,
    );
    await queryRunner.query(
      `CREATE INDEX vcs_reports_live ON vcs_reports (provider, repository, environment) WHERE last_state = 'success'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX vcs_reports_live`);
    await queryRunner.query(`ALTER TABLE vcs_reports DROP COLUMN repository, DROP COLUMN environment`);
  }
}
