import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The signed Slack requests seen recently, so a replayed one is refused by every gateway instance. */
export class SlackRequests1764230000000 implements MigrationInterface {
  name = 'SlackRequests1764230000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE slack_requests (
        signature text PRIMARY KEY,
        requested_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX slack_requests_requested_at ON slack_requests (requested_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE slack_requests`);
  }
}
