import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Releases a webhook asked for and that are not started yet (a transactional outbox): the webhook
 * request records the row with its delivery and answers at once; the vcs dispatcher starts the
 * workflow and deletes the row only then, so a release is never lost to a crash or an unreachable
 * Temporal.
 */
export class ReleaseOutbox1764210000000 implements MigrationInterface {
  name = 'ReleaseOutbox1764210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE release_starts (
        workflow_id text PRIMARY KEY,
        input jsonb NOT NULL,
        provider text,
        delivery_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text
      )`);
    await queryRunner.query(`CREATE INDEX release_starts_due ON release_starts (next_attempt_at)`);
    // The dispatcher finds the deliveries still waiting for a start by their outcome ("queued <id>").
    await queryRunner.query(
      `CREATE INDEX webhook_deliveries_queued ON webhook_deliveries (outcome) WHERE outcome LIKE 'queued %'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX webhook_deliveries_queued`);
    await queryRunner.query(`DROP TABLE release_starts`);
  }
}
