import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StepLogs1764140000000 implements MigrationInterface {
  name = 'StepLogs1764140000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE step_logs (
        id bigserial PRIMARY KEY,
        deployment_id uuid NOT NULL,
        step integer NOT NULL,
        attempt integer NOT NULL,
        rollback boolean NOT NULL,
        at timestamptz NOT NULL,
        line text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX step_logs_deployment ON step_logs (deployment_id, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE step_logs`);
  }
}
