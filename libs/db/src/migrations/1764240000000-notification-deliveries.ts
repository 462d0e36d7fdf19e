import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delivery log (one row per message meant for one place, keyed so a retried activity finds what an
 * earlier attempt did, and one row per attempt with what the provider answered), the entries waiting
 * for an environment's digest email, and two routing options: a digest window and telling authors.
 */
export class NotificationDeliveries1764240000000 implements MigrationInterface {
  name = 'NotificationDeliveries1764240000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE notification_settings
        ADD COLUMN email_digest_minutes integer CHECK (email_digest_minutes BETWEEN 1 AND 1440),
        ADD COLUMN notify_authors boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
      CREATE TABLE notification_deliveries (
        key text PRIMARY KEY,
        deployment_id uuid,
        project text NOT NULL,
        environment text,
        kind text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('slack', 'email')),
        target text NOT NULL,
        state text NOT NULL CHECK (state IN ('SENDING', 'SENT', 'FAILED')),
        provider_ref text,
        response text,
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX notification_deliveries_deployment ON notification_deliveries (deployment_id, created_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX notification_deliveries_project ON notification_deliveries (project, created_at DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE notification_delivery_attempts (
        key text NOT NULL REFERENCES notification_deliveries (key) ON DELETE CASCADE,
        attempt integer NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        outcome text NOT NULL CHECK (outcome IN ('SENT', 'ALREADY_SENT', 'RETRYING', 'FAILED')),
        response text NOT NULL,
        PRIMARY KEY (key, attempt)
      )`);
    await queryRunner.query(`
      CREATE TABLE notification_digest_entries (
        id bigserial PRIMARY KEY,
        digest text NOT NULL,
        deployment_id uuid NOT NULL,
        event text NOT NULL,
        recipients text[] NOT NULL,
        card jsonb NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        sent_in text,
        UNIQUE (digest, deployment_id, event)
      )`);
    await queryRunner.query(
      `CREATE INDEX notification_digest_entries_waiting ON notification_digest_entries (digest, id) WHERE sent_in IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notification_digest_entries`);
    await queryRunner.query(`DROP TABLE notification_delivery_attempts`);
    await queryRunner.query(`DROP TABLE notification_deliveries`);
    await queryRunner.query(
      `ALTER TABLE notification_settings DROP COLUMN email_digest_minutes, DROP COLUMN notify_authors`,
    );
  }
}
