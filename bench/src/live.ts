/**
 * The live event path, measured side by side in one run on a fresh database of its own:
 *  1. what an append costs as writers contend for the log: W writers at once (W = 1, 4, 16), each
 *     appending batches of 3 events to its own deployment in its own transaction (insert + pg_notify)
 *     through insertDeploymentEvents. The log's insert trigger takes one advisory lock for every append
 *     (commit order = id order = hash-chain order) and computes each entry's hash, so appends serialize
 *     from insert to commit; there is no way to append without it, hence no lock-free baseline. The
 *     writer counts take turns in rounds; per-append latency (transaction begin → commit), appends/s,
 *     and each W against W = 1;
 *  2. dashboard delivery lag through the real gateway process: one event appended and committed at a
 *     time, time from commit to receipt at each of S graphql-ws subscribers to `dashboard` (S = 1, 100),
 *     and, as a reference, at one subscriber to one deployment's `deploymentEvents(id)`; the three groups
 *     take turns in rounds. Every subscriber has its own connection; all of them run in this one process,
 *     so with S = 100 the lag includes this process taking in 100 messages, one after another.
 *
 *   npm run bench -- live [iterations: appends per writer, and per subscriber group, each round; default 100]
 */
import { createApiToken, DeploymentEntity, ProjectEntity } from '@slipway/db';
import { insertDeploymentEvents, notifyDeploymentChanged } from '@slipway/events';
import { createTestDatabase, freePort, scratchDir, startService, type TestDatabase } from '@slipway/testing';
import { createClient } from 'graphql-ws';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { formatRow, summarize } from './percentiles';

const iterations = Number(process.argv[2] ?? 100);
const ROUNDS = 5;
const WRITERS = [1, 4, 16];
const EVENTS_PER_APPEND = 3;
const SUBSCRIBER_COUNTS = { one: 1, many: 100 } as const;
/** Lets the gateway finish the reads a delivery leaves behind before the next event is appended. */
const PAUSE_BETWEEN_EVENTS_MS = 10;
/** Only bounds how long a broken gateway keeps the bench waiting. */
const PATIENCE_MS = 15_000;

type DataSource = TestDatabase['dataSource'];
type Envelope = Parameters<typeof insertDeploymentEvents>[1][number];

/** Undone in reverse order when the bench ends, however it ends. */
const cleanups: Array<() => Promise<void>> = [];

async function cleanUp(): Promise<void> {
  for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) {
    await cleanup().catch((error: unknown) => console.error('cleanup failed:', error));
  }
}

/** One running deployment whose events the bench appends, numbered as its workflow would. */
class Deployment {
  readonly id = randomUUID();
  private sequence = 0;

  events(count: number): Envelope[] {
    return Array.from({ length: count }, () => ({
      eventId: randomUUID(),
      deploymentId: this.id,
      sequence: (this.sequence += 1),
      occurredAt: new Date().toISOString(),
      body: { type: 'STEP_STARTED', step: 0 },
    }));
  }
}

/** Appends a batch the way the audit service does around the insert: one transaction, then notify. */
function append(dataSource: DataSource, events: Envelope[]): Promise<string[]> {
  return dataSource.transaction(async (manager) => {
    const ids = await insertDeploymentEvents(manager, events);
    await notifyDeploymentChanged(manager, events[0]!.deploymentId);
    return ids;
  });
}

/** A migrated database of the bench's own on DATABASE_URL's server, dropped at the end. */
async function openBenchDatabase(): Promise<{ url: string; dataSource: DataSource }> {
  if (!process.env.DATABASE_URL || !process.env.SLIPWAY_TEST_TEMPORAL_ADDRESS) {
    throw new Error('run through npm run bench, which starts PostgreSQL and Temporal');
  }
  // More connections than writers, so no append waits for the pool instead of the log's lock.
  const database = await createTestDatabase({
    prefix: 'slipway_bench_live',
    poolSize: Math.max(...WRITERS) + 4,
  });
  cleanups.push(() => database.drop());
  await database.dataSource
    .getRepository(ProjectEntity)
    .insert({ name: 'bench', repositoryUrl: 'https://git.example/b' });
  return database;
}

/** The read-model row every event needs (foreign key, and the `deployment { status }` a view shows). */
async function addDeployment(dataSource: DataSource): Promise<Deployment> {
  const deployment = new Deployment();
  const now = new Date();
  await dataSource.getRepository(DeploymentEntity).insert({
    id: deployment.id,
    project: 'bench',
    environment: 'bench',
    ref: 'main',
    actor: 'bench',
    trigger: { type: 'manual' },
    status: 'RUNNING',
    commitSha: null,
    commitMessage: null,
    artifactDigest: null,
    approvalsRemaining: null,
    reason: null,
    queuedAt: now,
    startedAt: now,
    finishedAt: null,
    lastSequence: 0,
  });
  return deployment;
}

const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;

async function appendContention(dataSource: DataSource): Promise<void> {
  const writers: Deployment[] = [];
  for (let index = 0; index < Math.max(...WRITERS); index += 1) writers.push(await addDeployment(dataSource));
  type Result = { latencies: number[]; appends: number; elapsedMs: number };
  const results = new Map<number, Result>(
    WRITERS.map((writerCount) => [writerCount, { latencies: [], appends: 0, elapsedMs: 0 }]),
  );
  const run = async (writerCount: number, appends: number, into: Result | null) => {
    const started = performance.now();
    await Promise.all(
      writers.slice(0, writerCount).map(async (writer) => {
        for (let index = 0; index < appends; index += 1) {
          const begun = performance.now();
          await append(dataSource, writer.events(EVENTS_PER_APPEND));
          into?.latencies.push(performance.now() - begun);
        }
      }),
    );
    if (into) {
      into.elapsedMs += performance.now() - started;
      into.appends += writerCount * appends;
    }
  };
  await run(Math.max(...WRITERS), 5, null); // warm-up
  for (let round = 0; round < ROUNDS; round += 1) {
    // Each round starts with a different writer count, so a slow spell of the machine is spread over all.
    for (let index = 0; index < WRITERS.length; index += 1) {
      const writerCount = WRITERS[(index + round) % WRITERS.length]!;
      await run(writerCount, iterations, results.get(writerCount)!);
    }
  }

  console.log(
    `live, 1. appends under contention: ${ROUNDS} rounds × ${iterations} appends per writer, writer ` +
      `counts take turns; an append = ${EVENTS_PER_APPEND} events + pg_notify in one transaction, ` +
      `serialized by the log's insert trigger\n`,
  );
  const perSecond = ({ appends, elapsedMs }: Result): number => (appends * 1000) / elapsedMs;
  const fewest = WRITERS[0]!;
  const alone = results.get(fewest)!;
  for (const writerCount of WRITERS) {
    const measured = results.get(writerCount)!;
    const against =
      writerCount === fewest
        ? ''
        : `  vs W=${fewest}: p50 latency ${ratio(summarize(measured.latencies).p50, summarize(alone.latencies).p50)}, ` +
          `throughput ${ratio(perSecond(measured), perSecond(alone))}`;
    console.log(
      formatRow(`W=${String(writerCount).padEnd(3)}insertDeploymentEvents`, summarize(measured.latencies)) +
        `  ${perSecond(measured).toFixed(0).padStart(6)} appends/s${against}`,
    );
  }
  console.log('');
}

/** When each subscriber received each event id (performance.now()), shared by one group of subscribers. */
class Receipts {
  private readonly byId = new Map<string, number[]>();
  private readonly changed = new Set<() => void>();
  private failure: unknown = null;

  add(id: string, at: number): void {
    const times = this.byId.get(id) ?? [];
    times.push(at);
    this.byId.set(id, times);
    this.notify();
  }

  fail(failure: unknown): void {
    this.failure ??= failure;
    this.notify();
  }

  /** The receipt times of `id`, once `count` subscribers have received it. */
  all(id: string, count: number): Promise<number[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.changed.delete(check);
        reject(new Error(`event ${id} reached ${this.byId.get(id)?.length ?? 0} of ${count} subscribers`));
      }, PATIENCE_MS);
      const check = (): void => {
        const times = this.byId.get(id) ?? [];
        if (this.failure === null && times.length < count) return;
        clearTimeout(timer);
        this.changed.delete(check);
        if (this.failure !== null)
          reject(new Error(`a subscription failed: ${JSON.stringify(this.failure)}`));
        else resolve(times);
      };
      this.changed.add(check);
      check();
    });
  }

  private notify(): void {
    for (const check of [...this.changed]) check();
  }
}

const FIELDS = 'id occurredAt deployment { status }';
const GROUPS = [
  {
    label: `dashboard, S=${SUBSCRIBER_COUNTS.one}`,
    subscribers: SUBSCRIBER_COUNTS.one,
    query: `subscription($after: ID) { dashboard(after: $after) { ${FIELDS} } }`,
  },
  {
    label: `dashboard, S=${SUBSCRIBER_COUNTS.many}`,
    subscribers: SUBSCRIBER_COUNTS.many,
    query: `subscription($after: ID) { dashboard(after: $after) { ${FIELDS} } }`,
  },
  {
    label: 'deploymentEvents(id), S=1 (reference)',
    subscribers: 1,
    query: `subscription($id: ID!, $after: ID) { deploymentEvents(id: $id, after: $after) { ${FIELDS} } }`,
  },
];

async function deliveryLag(url: string, dataSource: DataSource): Promise<void> {
  const token = (await createApiToken(dataSource, 'bench', ['admin'])).token;
  const port = await freePort();
  const gateway = await startService('gateway', {
    DATABASE_URL: url,
    TEMPORAL_ADDRESS: process.env.SLIPWAY_TEST_TEMPORAL_ADDRESS!,
    SLIPWAY_MODE: 'development',
    SLIPWAY_HOME: scratchDir('bench-live'),
    PORT: String(port),
    LOG_LEVEL: 'warn',
  });
  cleanups.push(() => gateway.stop());
  const wsUrl = `ws://127.0.0.1:${port}/graphql`;
  const deployment = await addDeployment(dataSource);
  const lags = new Map<string, number[]>(GROUPS.map((group) => [group.label, []]));

  const latestId = async (): Promise<string> => {
    const [row] = await dataSource.query<Array<{ id: string }>>(
      'SELECT COALESCE(MAX(id), 0)::text AS id FROM deployment_events',
    );
    return row!.id;
  };
  const appendOne = async (): Promise<{ id: string; committedAt: number }> => {
    const [id] = await append(dataSource, deployment.events(1));
    return { id: id!, committedAt: performance.now() };
  };

  for (let round = 0; round < ROUNDS; round += 1) {
    // Each round starts with a different group, so a slow spell of the machine is spread over all three.
    const order = GROUPS.map((_, index) => GROUPS[(index + round) % GROUPS.length]!);
    for (const group of order) {
      const receipts = new Receipts();
      const after = await latestId();
      const clients = Array.from({ length: group.subscribers }, () => {
        const client = createClient({
          url: wsUrl,
          webSocketImpl: WebSocket,
          connectionParams: { authorization: `Bearer ${token}` },
          retryAttempts: 0,
        });
        const closed = new Promise<void>((resolve) => client.on('closed', () => resolve()));
        client.subscribe<Record<string, { id: string }>>(
          {
            query: group.query,
            variables: group.query.includes('$id') ? { id: deployment.id, after } : { after },
          },
          {
            next: (message) => {
              const at = performance.now();
              if (message.errors) receipts.fail(message.errors);
              for (const event of Object.values(message.data ?? {})) receipts.add(event.id, at);
            },
            error: (error) => receipts.fail(error),
            complete: () => receipts.fail('the subscription completed'),
          },
        );
        return { client, closed };
      });
      try {
        // Not measured: the first event also waits for every connection and subscription to be set up.
        await receipts.all((await appendOne()).id, group.subscribers);
        for (let index = 0; index < iterations; index += 1) {
          await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_EVENTS_MS));
          const { id, committedAt } = await appendOne();
          const times = await receipts.all(id, group.subscribers);
          lags.get(group.label)!.push(...times.map((at) => at - committedAt));
        }
      } catch (error) {
        throw new Error(
          `${group.label}: ${String(error)}\ngateway output:\n${gateway.output().slice(-4000)}`,
          {
            cause: error,
          },
        );
      } finally {
        // The next group is measured only once the gateway has seen every one of these connections go.
        await Promise.all(
          clients.map(async ({ client, closed }) => {
            await client.dispose();
            await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, PATIENCE_MS).unref())]);
          }),
        );
      }
    }
  }

  console.log(
    `live, 2. delivery lag (commit → received by the subscriber): ${ROUNDS} rounds × ${iterations} events ` +
      `per group, groups take turns, ${PAUSE_BETWEEN_EVENTS_MS} ms between events\n`,
  );
  const summaries = new Map(GROUPS.map((group) => [group.label, summarize(lags.get(group.label)!)]));
  for (const group of GROUPS) {
    console.log(formatRow(group.label, summaries.get(group.label)!));
  }
  const p50 = (index: number): number => summaries.get(GROUPS[index]!.label)!.p50;
  console.log(
    `\ndashboard S=${SUBSCRIBER_COUNTS.many} / S=${SUBSCRIBER_COUNTS.one} (p50): ${ratio(p50(1), p50(0))}`,
  );
  console.log(`dashboard S=1 / deploymentEvents(id) S=1 (p50): ${ratio(p50(0), p50(2))}`);
}

async function main(): Promise<void> {
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new Error(`iterations must be a whole number above 0, not "${process.argv[2] ?? ''}"`);
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  }
  try {
    const { url, dataSource } = await openBenchDatabase();
    await appendContention(dataSource);
    await deliveryLag(url, dataSource);
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
