import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationSettings1764170000000 implements MigrationInterface {
  name = 'NotificationSettings1764170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notification_settings (
        project text NOT NULL,
        environment text NOT NULL,
        events text[] NOT NULL,
        slack_channels text[] NOT NULL,
        email_recipients text[] NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project, environment)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notification_settings`);
  }
}
