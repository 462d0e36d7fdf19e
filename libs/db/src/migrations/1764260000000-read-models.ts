import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read side at scale: what runs in each environment (and what ran before, for rollback) kept as
 * one row per environment, full-text search over deployments, and the indexes the history filters and
 * the metrics need with a million deployments.
 */
export class ReadModels1764260000000 implements MigrationInterface {
  name = 'ReadModels1764260000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE environment_releases (
        project text NOT NULL,
        environment text NOT NULL,
        deployment_id uuid NOT NULL,
        ref text NOT NULL,
        commit_sha text,
        commit_message text,
        artifact_digest text,
        actor text NOT NULL,
        deployed_at timestamptz NOT NULL,
        previous_deployment_id uuid,
        previous_commit_sha text,
        previous_deployed_at timestamptz,
        PRIMARY KEY (project, environment)
      )`);
    // The rule the audit service keeps from here on: the newest success by the moment it succeeded
    // (the id breaks ties) runs now, the one before it ran before.
    await queryRunner.query(`
      WITH ranked AS (
        SELECT *, row_number() OVER (
          PARTITION BY project, environment ORDER BY finished_at DESC, id DESC
        ) AS rank
        FROM deployments
        WHERE status = 'SUCCEEDED' AND finished_at IS NOT NULL
      )
      INSERT INTO environment_releases
      SELECT current.project, current.environment, current.id, current.ref, current.commit_sha,
        current.commit_message, current.artifact_digest, current.actor, current.finished_at,
        previous.id, previous.commit_sha, previous.finished_at
      FROM ranked current
      LEFT JOIN ranked previous
        ON previous.project = current.project AND previous.environment = current.environment
        AND previous.rank = 2
      WHERE current.rank = 1`);

    // 'simple', not 'english': it neither stems nor drops stop words, so a sha, an error code, a
    // hostname or a word in another language is found as it was typed; the price is that "deploying"
    // does not find "deploy". Queries must use the same configuration (websearch_to_tsquery('simple', …)).
    await queryRunner.query(`
      ALTER TABLE deployments ADD COLUMN search tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', coalesce(commit_message, '') || ' ' || coalesce(reason, ''))
      ) STORED`);
    await queryRunner.query(`CREATE INDEX deployments_search ON deployments USING gin (search)`);

    // History pages are keyset pages on (queued_at, id), newest first, within the filters people use
    // most; the unfiltered one keeps deployments_queued.
    await queryRunner.query(`DROP INDEX deployments_project_environment_queued`);
    await queryRunner.query(
      `CREATE INDEX deployments_project_queued ON deployments (project, queued_at DESC, id DESC)`,
    );
    await queryRunner.query(`
      CREATE INDEX deployments_project_environment_queued
        ON deployments (project, environment, queued_at DESC, id DESC)`);
    // A commit is searched by a prefix of its sha: text_pattern_ops lets LIKE 'abc1%' use the index
    // whatever the database's collation.
    await queryRunner.query(
      `CREATE INDEX deployments_commit_sha ON deployments (commit_sha text_pattern_ops)`,
    );
    // Metrics read the deployments that ended in a window, per project and environment.
    await queryRunner.query(
      `CREATE INDEX deployments_project_environment_finished ON deployments (project, environment, finished_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX deployments_project_environment_finished`);
    await queryRunner.query(`DROP INDEX deployments_commit_sha`);
    await queryRunner.query(`DROP INDEX deployments_project_environment_queued`);
    await queryRunner.query(`DROP INDEX deployments_project_queued`);
    await queryRunner.query(
      `CREATE INDEX deployments_project_environment_queued ON deployments (project, environment, queued_at)`,
    );
    await queryRunner.query(`ALTER TABLE deployments DROP COLUMN search`);
    await queryRunner.query(`DROP TABLE environment_releases`);
  }
}
