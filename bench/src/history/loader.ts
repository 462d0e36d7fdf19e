/**
 * Streams the generated history into PostgreSQL with COPY FROM STDIN, one COPY per table, all at once
 * on their own connections, fed by one pass of the generator (a full buffer holds the generator back).
 * `deployment_events` is copied like any append: through its triggers, on an ordinary connection.
 */
import { ProjectEntity } from '@slipway/db';
import { once } from 'node:events';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import type { DataSource, QueryRunner } from 'typeorm';
import {
  generateHistory,
  projectsOf,
  type EnvironmentReleaseRow,
  type GeneratedDeployment,
  type HistoryShape,
} from './generator';

/** The tables the history fills, in the order they are reported. */
export const HISTORY_TABLES = [
  'deployments',
  'deployment_steps',
  'deployment_events',
  'releases',
  'bad_commits',
  'release_diffs',
  'deployment_commits',
  'environment_releases',
] as const;
export type HistoryTable = (typeof HISTORY_TABLES)[number];

/** The columns each COPY sends: defaults (ids, hashes) and generated columns are left to PostgreSQL. */
const COLUMNS: Record<HistoryTable, readonly string[]> = {
  deployments: [
    'id',
    'project',
    'environment',
    'ref',
    'actor',
    'trigger',
    'status',
    'commit_sha',
    'commit_message',
    'artifact_digest',
    'approvals_remaining',
    'reason',
    'queued_at',
    'started_at',
    'finished_at',
    'last_sequence',
  ],
  deployment_steps: [
    'deployment_id',
    'position',
    'name',
    'status',
    'started_at',
    'finished_at',
    'output',
    'error',
  ],
  deployment_events: ['event_id', 'deployment_id', 'sequence', 'type', 'body', 'occurred_at', 'recorded_at'],
  releases: ['project', 'commit_sha', 'commit_message', 'artifact_digest', 'artifact_size', 'created_at'],
  bad_commits: ['project', 'environment', 'commit_sha', 'deployment_id', 'reason', 'marked_at'],
  release_diffs: ['deployment_id', 'from_sha', 'direction', 'truncated'],
  deployment_commits: [
    'deployment_id',
    'position',
    'sha',
    'message',
    'author',
    'committed_at',
    'pull_request',
  ],
  environment_releases: [
    'project',
    'environment',
    'deployment_id',
    'ref',
    'commit_sha',
    'commit_message',
    'artifact_digest',
    'actor',
    'deployed_at',
    'previous_deployment_id',
    'previous_commit_sha',
    'previous_deployed_at',
  ],
};

/**
 * Tables whose foreign keys point at rows another COPY is still writing, uncommitted: their connections
 * skip foreign-key checks (session_replication_role = replica), and checkReferences() proves afterwards
 * that every reference holds. No other trigger exists on them.
 */
const REFERENCING: ReadonlySet<HistoryTable> = new Set([
  'deployment_steps',
  'release_diffs',
  'deployment_commits',
]);

/** Connections the load takes from the pool: one per table. */
export const LOAD_CONNECTIONS = HISTORY_TABLES.length;

export interface LoadResult {
  rows: Record<string, number>;
  seconds: number;
  /** Events per second through deployment_events' triggers, from the first row to its COPY's commit. */
  eventsPerSecond: number;
}

export async function loadHistory(
  dataSource: DataSource,
  shape: HistoryShape,
  progress: (line: string) => void,
): Promise<LoadResult> {
  const started = performance.now();
  await dataSource
    .getRepository(ProjectEntity)
    .insert(projectsOf().map(({ name, repositoryUrl }) => ({ name, repositoryUrl })));
  const writers = await Promise.all(
    HISTORY_TABLES.map((table) => CopyWriter.open(dataSource, table, COLUMNS[table], REFERENCING.has(table))),
  );
  const writer = (table: HistoryTable): CopyWriter => writers[HISTORY_TABLES.indexOf(table)]!;
  let eventsCommitted = started;
  try {
    const history = generateHistory(shape);
    const every = Math.max(1, Math.round(shape.deployments / 20));
    let count = 0;
    for (let next = history.next(); ; next = history.next()) {
      if (next.done === true) {
        for (const row of next.value)
          await writer('environment_releases').write(environmentReleaseValues(row));
        break;
      }
      await writeDeployment(writer, next.value);
      count += 1;
      if (count % every === 0) {
        const seconds = (performance.now() - started) / 1000;
        const events = writer('deployment_events').rows;
        progress(
          `  ${count.toLocaleString('en')} deployments, ${events.toLocaleString('en')} events ` +
            `(${Math.round(events / seconds).toLocaleString('en')} events/s)`,
        );
      }
    }
    await Promise.all(
      writers.map(async (copy) => {
        await copy.end();
        if (copy.table === 'deployment_events') eventsCommitted = performance.now();
      }),
    );
  } finally {
    await Promise.all(writers.map((copy) => copy.release()));
  }
  await checkReferences(dataSource);
  return {
    rows: Object.fromEntries(writers.map((copy) => [copy.table, copy.rows])),
    seconds: (performance.now() - started) / 1000,
    eventsPerSecond: writer('deployment_events').rows / ((eventsCommitted - started) / 1000),
  };
}

async function writeDeployment(
  writer: (table: HistoryTable) => CopyWriter,
  { deployment, events, release, badCommits, diff }: GeneratedDeployment,
): Promise<void> {
  await writer('deployments').write([
    deployment.id,
    deployment.project,
    deployment.environment,
    deployment.ref,
    deployment.actor,
    JSON.stringify(deployment.trigger),
    deployment.status,
    deployment.commitSha,
    deployment.commitMessage,
    deployment.artifactDigest,
    deployment.approvalsRemaining,
    deployment.reason,
    deployment.queuedAt,
    deployment.startedAt,
    deployment.finishedAt,
    deployment.lastSequence,
  ]);
  for (const step of deployment.steps) {
    await writer('deployment_steps').write([
      deployment.id,
      step.position,
      step.name,
      step.status,
      step.startedAt,
      step.finishedAt,
      step.output,
      step.error,
    ]);
  }
  for (const event of events) {
    await writer('deployment_events').write([
      event.eventId,
      event.deploymentId,
      event.sequence,
      event.body.type,
      JSON.stringify(event.body),
      event.occurredAt,
      event.recordedAt,
    ]);
  }
  if (release !== null) {
    await writer('releases').write([
      release.project,
      release.commitSha,
      release.commitMessage,
      release.artifactDigest,
      release.artifactSize,
      release.createdAt,
    ]);
  }
  for (const bad of badCommits) {
    await writer('bad_commits').write([
      bad.project,
      bad.environment,
      bad.commitSha,
      bad.deploymentId,
      bad.reason,
      bad.markedAt,
    ]);
  }
  if (diff !== null) {
    await writer('release_diffs').write([diff.deploymentId, diff.from, diff.direction, diff.truncated]);
    for (const [position, commit] of diff.commits.entries()) {
      await writer('deployment_commits').write([
        diff.deploymentId,
        position,
        commit.sha,
        commit.message,
        commit.author,
        commit.committedAt,
        commit.pullRequest,
      ]);
    }
  }
}

function environmentReleaseValues(row: EnvironmentReleaseRow): CopyValue[] {
  return [
    row.project,
    row.environment,
    row.deploymentId,
    row.ref,
    row.commitSha,
    row.commitMessage,
    row.artifactDigest,
    row.actor,
    row.deployedAt,
    row.previousDeploymentId,
    row.previousCommitSha,
    row.previousDeployedAt,
  ];
}

/** The references the load did not let PostgreSQL check while it ran, checked once it is done. */
async function checkReferences(dataSource: DataSource): Promise<void> {
  const [row] = await dataSource.query<Array<{ steps: number; diffs: number; commits: number }>>(`
    SELECT
      (SELECT count(*)::int FROM deployment_steps s
        WHERE NOT EXISTS (SELECT 1 FROM deployments d WHERE d.id = s.deployment_id)) AS steps,
      (SELECT count(*)::int FROM release_diffs r
        WHERE NOT EXISTS (SELECT 1 FROM deployments d WHERE d.id = r.deployment_id)) AS diffs,
      (SELECT count(*)::int FROM deployment_commits c
        WHERE NOT EXISTS (SELECT 1 FROM release_diffs r WHERE r.deployment_id = c.deployment_id)) AS commits`);
  if (row === undefined || row.steps + row.diffs + row.commits > 0) {
    throw new Error(`the loaded history has dangling references: ${JSON.stringify(row)}`);
  }
}

type CopyValue = string | number | boolean | null;

/** What the COPY needs of the pg client under a TypeORM query runner. */
interface CopyClient {
  query(stream: CopyStreamQuery): CopyStreamQuery;
}

function isCopyClient(value: unknown): value is CopyClient {
  return typeof value === 'object' && value !== null && 'query' in value && typeof value.query === 'function';
}

/** Rows are sent in chunks of about this many characters. */
const CHUNK = 1 << 16;

/** One COPY FROM STDIN (text format) on a connection of its own. */
class CopyWriter {
  rows = 0;
  private buffer = '';
  private failure: Error | null = null;
  private readonly done: Promise<void>;

  private constructor(
    readonly table: HistoryTable,
    private readonly runner: QueryRunner,
    private readonly stream: CopyStreamQuery,
    private readonly skipsForeignKeys: boolean,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', (error: Error) => {
        this.failure = error;
        reject(error);
      });
    });
    // Seen by write() or end(); never an unhandled rejection in between.
    this.done.catch(() => undefined);
  }

  static async open(
    dataSource: DataSource,
    table: HistoryTable,
    columns: readonly string[],
    skipForeignKeys: boolean,
  ): Promise<CopyWriter> {
    const runner = dataSource.createQueryRunner();
    const client: unknown = await runner.connect();
    if (!isCopyClient(client)) throw new Error('the query runner did not hand out a pg client');
    if (skipForeignKeys) await runner.query('SET session_replication_role = replica');
    const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    return new CopyWriter(table, runner, stream, skipForeignKeys);
  }

  async write(values: readonly CopyValue[]): Promise<void> {
    if (this.failure !== null) throw this.failure;
    this.buffer += `${values.map(copyText).join('\t')}\n`;
    this.rows += 1;
    if (this.buffer.length >= CHUNK) await this.flush();
  }

  /** Sends what is left and waits for the COPY to commit. */
  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
    await this.done;
  }

  /** Gives the connection back to the pool as it found it. */
  async release(): Promise<void> {
    try {
      if (this.skipsForeignKeys) await this.runner.query('RESET session_replication_role');
    } finally {
      await this.runner.release();
    }
  }

  private async flush(): Promise<void> {
    if (this.buffer === '') return;
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in COPY's text format: \N for null, backslash escapes for the separators. */
function copyText(value: CopyValue): string {
  if (value === null) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (character) => ESCAPES[character]!) : text;
}
