import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What each deployment brings: the commits between the release it replaces and its own. */
export class ReleaseDiffs1764190000000 implements MigrationInterface {
  name = 'ReleaseDiffs1764190000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One row once the diff is known: a deployment without one has no diff yet (or git could not tell).
    await queryRunner.query(`
      CREATE TABLE release_diffs (
        deployment_id uuid PRIMARY KEY REFERENCES deployments (id) ON DELETE CASCADE,
        from_sha text,
        direction text NOT NULL CHECK (direction IN ('FIRST', 'FORWARD', 'BACKWARD', 'DIVERGED')),
        truncated boolean NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE deployment_commits (
        deployment_id uuid NOT NULL REFERENCES release_diffs (deployment_id) ON DELETE CASCADE,
        position integer NOT NULL,
        sha text NOT NULL,
        message text NOT NULL,
        author text NOT NULL,
        committed_at timestamptz NOT NULL,
        pull_request integer,
        PRIMARY KEY (deployment_id, position)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE deployment_commits`);
    await queryRunner.query(`DROP TABLE release_diffs`);
  }
}
