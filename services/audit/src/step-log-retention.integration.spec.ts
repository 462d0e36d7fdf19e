import { AuditEntryEntity } from '@slipway/db';
import type { DeploymentEventBody, DeploymentEventEnvelope } from '@slipway/domain';
import { appendStepLogs } from '@slipway/events';
import { createTestDatabase, type TestDatabase } from '@slipway/testing';
import { randomUUID } from 'node:crypto';
import { createAuditActivities } from './deployment-events.activities';
import { pruneStepLogs, scheduleStepLogRetention, type RetentionLogger } from './step-log-retention';

const DAY_MS = 86_400_000;
const NOW = new Date(Date.UTC(2026, 5, 1, 12, 0, 0));
const daysAgo = (days: number): Date => new Date(NOW.getTime() - days * DAY_MS);

/** Step-log retention in the audit service, against a real PostgreSQL database. */
describe('step-log retention', () => {
  let database: TestDatabase;
  let deploymentId: string;

  beforeEach(async () => {
    database = await createTestDatabase();
    // A deployment of long ago, through the live path: its events, read models and an audit entry.
    deploymentId = randomUUID();
    const bodies: DeploymentEventBody[] = [
      {
        type: 'DEPLOYMENT_QUEUED',
        project: 'shop',
        environment: 'staging',
        ref: 'main',
        actor: 'ada',
        trigger: { type: 'manual' },
      },
      {
        type: 'DEPLOYMENT_STARTED',
        commitSha: 'a'.repeat(40),
        commitMessage: 'Ship it',
        steps: ['build', 'release'],
      },
      { type: 'STEP_STARTED', step: 0 },
      { type: 'STEP_SUCCEEDED', step: 0, output: 'built' },
      { type: 'STEP_STARTED', step: 1 },
      { type: 'STEP_SUCCEEDED', step: 1, output: 'released' },
      { type: 'DEPLOYMENT_SUCCEEDED' },
    ];
    await createAuditActivities(database.dataSource).recordDeploymentEvents(
      bodies.map((body, index): DeploymentEventEnvelope => ({
        eventId: randomUUID(),
        deploymentId,
        sequence: index + 1,
        occurredAt: new Date(daysAgo(400).getTime() + index * 1000).toISOString(),
        body,
      })),
    );
    await database.dataSource.getRepository(AuditEntryEntity).insert({
      at: daysAgo(400),
      actor: 'ada',
      actorKind: 'user',
      ip: '127.0.0.1',
      action: 'deploy',
      arguments: { project: 'shop' },
      outcome: 'ok',
      code: null,
      message: null,
    });
  });

  afterEach(() => database.close());

  /** `count` lines written `days` ago (a second apart), in one statement. */
  async function oldLines(count: number, days: number): Promise<void> {
    await database.dataSource.query(
      `INSERT INTO step_logs (deployment_id, step, attempt, rollback, at, line)
       SELECT $1, 0, 1, false, $2::timestamptz + n * interval '1 millisecond', 'old line ' || n
       FROM generate_series(1, $3) AS n`,
      [deploymentId, daysAgo(days), count],
    );
  }

  async function lines(): Promise<string[]> {
    const rows = await database.dataSource.query<Array<{ line: string }>>(
      'SELECT line FROM step_logs ORDER BY id',
    );
    return rows.map((row) => row.line);
  }

  /** Every row of what retention must never touch. */
  async function keptForGood(): Promise<Record<string, number>> {
    const [counts] = await database.dataSource.query<Array<Record<string, number>>>(
      `SELECT (SELECT count(*)::int FROM deployment_events) AS events,
              (SELECT count(*)::int FROM audit_entries) AS "auditEntries",
              (SELECT count(*)::int FROM deployments) AS deployments,
              (SELECT count(*)::int FROM deployment_steps) AS steps`,
    );
    return counts!;
  }

  it('deletes the lines older than the retention and keeps newer lines, events, audit entries and read models', async () => {
    await appendStepLogs(database.dataSource, {
      deploymentId,
      step: 1,
      attempt: 1,
      rollback: false,
      lines: [
        { at: daysAgo(45), line: 'from 45 days ago' },
        { at: daysAgo(30.01), line: 'just past 30 days' },
        { at: daysAgo(29.99), line: 'just within 30 days' },
        { at: daysAgo(1), line: 'from yesterday' },
      ],
    });
    const before = await keptForGood();
    expect(before).toEqual({ events: 7, auditEntries: 1, deployments: 1, steps: 2 });
    const messages: string[] = [];
    const logger: RetentionLogger = {
      info: (_details, message) => messages.push(message),
      error: (_details, message) => messages.push(`error: ${message}`),
    };

    const retention = scheduleStepLogRetention({
      dataSource: database.dataSource,
      retentionDays: 30,
      logger,
      now: () => NOW,
    });
    await retention.stop();

    expect(messages).toEqual(['pruned 2 step log lines older than 30 days']);
    expect(await lines()).toEqual(['just within 30 days', 'from yesterday']);
    expect(await keptForGood()).toEqual(before);
  });

  it('prunes more than one batch of old lines, all of them, and a second run finds nothing to do', async () => {
    await oldLines(25_000, 40);
    await appendStepLogs(database.dataSource, {
      deploymentId,
      step: 0,
      attempt: 1,
      rollback: false,
      lines: [{ at: daysAgo(2), line: 'recent' }],
    });
    const before = await keptForGood();

    // 10,000 per statement: three statements.
    await expect(pruneStepLogs(database.dataSource, daysAgo(30))).resolves.toBe(25_000);
    expect(await lines()).toEqual(['recent']);

    await expect(pruneStepLogs(database.dataSource, daysAgo(30))).resolves.toBe(0);
    expect(await lines()).toEqual(['recent']);
    expect(await keptForGood()).toEqual(before);
  });

  it('prunes again on its interval, lines that have aged since the last run', async () => {
    const pruned: number[] = [];
    const errors: string[] = [];
    let allPruned: () => void = () => undefined;
    const sevenPruned = new Promise<void>((resolve) => (allPruned = resolve));
    const logger: RetentionLogger = {
      info: (details) => {
        if ('pruned' in details && typeof details.pruned === 'number') pruned.push(details.pruned);
        if (pruned.reduce((sum, count) => sum + count, 0) === 7) allPruned();
      },
      error: (_details, message) => errors.push(message),
    };
    await oldLines(3, 31);
    let clock = NOW;
    const retention = scheduleStepLogRetention({
      dataSource: database.dataSource,
      retentionDays: 30,
      logger,
      intervalMs: 20,
      now: () => clock,
    });
    // Lines of 29 days ago: kept by the runs of today, too old for those of two days later.
    await oldLines(4, 29);
    clock = new Date(NOW.getTime() + 2 * DAY_MS);
    await sevenPruned;
    await retention.stop();

    expect(pruned.filter((count) => count > 0)).toEqual([3, 4]);
    expect(errors).toEqual([]);
    expect(await lines()).toEqual([]);
  });
});
