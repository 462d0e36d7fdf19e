/**
 * GitHub push webhooks through the real vcs service process, PostgreSQL and Temporal, in one run:
 *  1. throughput and latency: N distinct signed push deliveries (each its own X-GitHub-Delivery id and
 *     commit sha, the head commit in the body as GitHub sends it, so nothing reads git), over C keep-alive
 *     connections of this bench's own client (node:http Agent; closed loop: each connection sends its next
 *     request once it has read the answer). In R rounds, each round's fresh deliveries are followed at once
 *     by the same requests again, byte for byte (GitHub's "Redeliver"), so the accepting path (verify,
 *     record the delivery and queue its release in one transaction) and the dedup path (verify, find the
 *     record, start nothing) are measured side by side, with a reference: the same number of release
 *     workflows started straight from this process over as many concurrent calls (what Temporal alone
 *     takes). The vcs dispatcher starts the queued releases from release_starts meanwhile; after each
 *     round's requests the bench waits for that outbox to empty (before the reference starts, so the two
 *     do not share Temporal) and reports how long its backlog took to drain (Temporal's start rate).
 *     Then N more fresh deliveries open loop at the target rate (500/s, each sent at its time whatever
 *     became of the earlier ones, its latency counted from that time): the latency a steady load sees. The
 *     target's throughput is read from the closed loop (the most it answers), its p99 from the open loop.
 *     Then nothing may be lost or doubled: every delivery id recorded exactly once in
 *     webhook_deliveries with its release, and Temporal (listed by workflow id prefix) holding exactly one
 *     release workflow per sha and nothing else. No runner runs here: the releases wait, and are
 *     terminated at the end.
 *  2. webhook accepted → first step running, on the one-machine stack (`npm run up`'s own script): a real
 *     commit in a project connected as a GitHub repository whose environment deploys `main` by itself, its
 *     signed push webhook, and the time from the 202 to the first step's STEP_STARTED; interleaved with the
 *     deploy mutation of a fresh commit of the same project, so the webhook path's cost shows as a ratio.
 *
 *   npm run bench -- webhooks [deliveries, default 3000] [connections, default 16] [part 2 runs, default 5]
 */
import { createWebhookSecret, openDatabase, ProjectEntity, SecretBox } from '@slipway/db';
import {
  commitFiles,
  createTestDatabase,
  freePort,
  gitHubHeaders,
  postWebhook,
  scratchDir,
  startService,
  type TestDatabase,
} from '@slipway/testing';
import { Client, Connection } from '@temporalio/client';
import { createClient } from 'graphql-ws';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import WebSocket from 'ws';
import { formatRow, summarize } from './percentiles';
import { startBenchStack, type BenchStack } from './stack';

const deliveries = Number(process.argv[2] ?? 3000);
const connections = Number(process.argv[3] ?? 16);
const runs = Number(process.argv[4] ?? 5);
const ROUNDS = 3;
/** Sent (and checked) before the measured rounds: first connections, first prepared statements. */
const WARM_UP = 100;
/** Only bounds how long a broken stack keeps the bench waiting. */
const PATIENCE_MS = 60_000;
const TARGETS = { perSecond: 500, p99Ms: 50 };

type DataSource = TestDatabase['dataSource'];

/** Undone in reverse order when the bench ends, however it ends. */
const cleanups: Array<() => Promise<void>> = [];

async function cleanUp(): Promise<void> {
  for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) {
    await cleanup().catch((error: unknown) => console.error('cleanup failed:', error));
  }
}

const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;

/** The q-th percentile, nearest rank (the rule summarize uses). */
function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

const withP99 = (label: string, samples: number[]): string =>
  `${formatRow(label, summarize(samples))}  p99 ${`${percentile(samples, 0.99).toFixed(1)} ms`.padStart(11)}`;

const waitMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A push of one commit to `main`, in the shape GitHub sends (the fields the receiver reads, and the usual rest). */
function pushPayload(
  repository: string,
  sha: string,
  before: string,
  message: string,
): Record<string, unknown> {
  const [owner = '', name = ''] = repository.split('/');
  const author = { name: 'Ada Tester', email: 'ada@example.com', username: 'ada' };
  const commit = {
    id: sha,
    tree_id: randomBytes(20).toString('hex'),
    distinct: true,
    message,
    timestamp: new Date().toISOString(),
    url: `https://github.com/${repository}/commit/${sha}`,
    author,
    committer: author,
    added: [],
    removed: [],
    modified: ['server.js'],
  };
  return {
    ref: 'refs/heads/main',
    before,
    after: sha,
    created: false,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `https://github.com/${repository}/compare/${before.slice(0, 12)}...${sha.slice(0, 12)}`,
    commits: [commit],
    head_commit: commit,
    repository: {
      id: 186853002,
      node_id: 'MDEwOlJlcG9zaXRvcnkxODY4NTMwMDI=',
      name,
      full_name: repository,
      private: true,
      owner: { name: owner, login: owner, id: 21031067, type: 'Organization' },
      html_url: `https://github.com/${repository}`,
      url: `https://github.com/${repository}`,
      clone_url: `https://github.com/${repository}.git`,
      ssh_url: `git@github.com:${repository}.git`,
      default_branch: 'main',
      master_branch: 'main',
    },
    pusher: { name: 'ada', email: 'ada@example.com' },
    sender: { login: 'ada', id: 21031067, type: 'User' },
  };
}

// ---------------------------------------------------------------------------------------------------
// 1. Throughput and latency against the vcs service process
// ---------------------------------------------------------------------------------------------------

interface PreparedDelivery {
  delivery: string;
  sha: string;
  body: string;
  headers: Record<string, string>;
}

interface Answer {
  status: number;
  body: string;
}

/** POSTs over the agent's keep-alive connections and reads the whole answer. */
function post(agent: Agent, url: URL, prepared: PreparedDelivery): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...prepared.headers, 'content-length': String(Buffer.byteLength(prepared.body)) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(prepared.body);
  });
}

interface Phase {
  latencies: number[];
  elapsedMs: number;
  /** "202", "200 duplicate", "503"…, with how many answers were that. */
  statuses: Map<string, number>;
  /** Answers that were not the one this phase expects, with what came instead (the first few). */
  unexpected: string[];
}

const newPhase = (): Phase => ({ latencies: [], elapsedMs: 0, statuses: new Map(), unexpected: [] });

type Expected = (prepared: PreparedDelivery) => { status: number; body: Record<string, unknown> };

/**
 * Sends one delivery and books its answer into `into` (its latency counted from `since`); without a phase
 * (warm-up), an answer other than the expected one stops the bench.
 */
async function sendOne(
  agent: Agent,
  url: URL,
  prepared: PreparedDelivery,
  expected: Expected,
  into: Phase | null,
  since: number,
): Promise<void> {
  let label: string;
  let answer: Answer | null = null;
  try {
    answer = await post(agent, url, prepared);
    label = String(answer.status);
  } catch (error) {
    label = `error ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
  const ms = performance.now() - since;
  const want = expected(prepared);
  if (answer?.status === 200 && answer.body.includes('"duplicate":true')) label += ' duplicate';
  const ok = answer?.status === want.status && answer.body === JSON.stringify(want.body);
  if (into) {
    into.latencies.push(ms);
    into.statuses.set(label, (into.statuses.get(label) ?? 0) + 1);
    if (!ok && into.unexpected.length < 5) {
      into.unexpected.push(`${prepared.delivery}: ${label} ${answer?.body ?? ''}`);
    }
  } else if (!ok) {
    throw new Error(`warm-up delivery ${prepared.delivery}: ${label} ${answer?.body ?? ''}`);
  }
}

/**
 * Sends every delivery once over `connections` connections, closed loop: each connection sends its next
 * request once it has its answer, so this finds the most the service answers per second (a fresh agent
 * per batch: the server closes idle keep-alive connections after 5 s, and a reused one closing under a
 * request would count as lost).
 */
async function sendAll(
  url: URL,
  batch: PreparedDelivery[],
  expected: Expected,
  into: Phase | null,
): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  let next = 0;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: connections }, async () => {
        for (let index = next++; index < batch.length; index = next++) {
          await sendOne(agent, url, batch[index]!, expected, into, performance.now());
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  if (into) into.elapsedMs += performance.now() - started;
}

/**
 * Sends the deliveries open loop at `perSecond`, as webhooks arrive from GitHub: each at its scheduled
 * time whether or not earlier ones were answered, its latency counted from that time (a request held back
 * by a slow one counts its wait), so this is the latency a steady load of that rate sees.
 */
async function sendPaced(
  url: URL,
  batch: PreparedDelivery[],
  expected: Expected,
  into: Phase,
  perSecond: number,
): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const started = performance.now();
  const inFlight: Array<Promise<void>> = [];
  try {
    for (const [index, prepared] of batch.entries()) {
      const scheduled = started + (index * 1000) / perSecond;
      const wait = scheduled - performance.now();
      if (wait >= 1) await waitMs(wait);
      inFlight.push(sendOne(agent, url, prepared, expected, into, scheduled));
    }
    await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }
  into.elapsedMs += performance.now() - started;
}

/** Runs `work` on every item, `concurrency` at a time. */
async function eachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < items.length; index = next++) await work(items[index]!);
    }),
  );
}

/**
 * Reference for the accepting path: the start the receiver waits for (releaseWorkflow on the `deploy` queue,
 * the same input), made straight from this process, `connections` at a time.
 */
async function startDirectly(client: Client, prefix: string, shas: string[], into: Phase): Promise<void> {
  const started = performance.now();
  await eachConcurrently(shas, connections, async (sha) => {
    const begun = performance.now();
    await client.workflow.start('releaseWorkflow', {
      taskQueue: 'deploy',
      workflowId: `${prefix}${sha}`,
      args: [
        {
          project: { name: 'bench', repositoryUrl: '/srv/git/bench.git', specPath: '.slipway.yml' },
          ref: 'refs/heads/main',
          actor: 'ada',
          trigger: { type: 'push', ref: 'refs/heads/main' },
          commit: {
            sha,
            message: 'Benchmark push.',
            author: 'Ada Tester <ada@example.com>',
            committedAt: '',
          },
          promote: true,
        },
      ],
    });
    into.latencies.push(performance.now() - begun);
    into.statuses.set('started', (into.statuses.get('started') ?? 0) + 1);
  });
  into.elapsedMs += performance.now() - started;
}

/** A migrated database of the bench's own on DATABASE_URL's server, dropped at the end. */
async function openBenchDatabase(): Promise<{ url: string; dataSource: DataSource }> {
  if (!process.env.DATABASE_URL || !process.env.SLIPWAY_TEST_TEMPORAL_ADDRESS) {
    throw new Error('run through npm run bench, which starts PostgreSQL and Temporal');
  }
  const database = await createTestDatabase({ prefix: 'slipway_bench_webhooks' });
  cleanups.push(() => database.drop());
  return database;
}

/** Release workflow ids Temporal lists under `prefix`, once its (eventually consistent) visibility has `count`. */
async function listReleases(client: Client, prefix: string, count: number): Promise<string[]> {
  const query = `WorkflowId STARTS_WITH "${prefix}"`;
  const deadline = Date.now() + PATIENCE_MS;
  let seen = -1;
  // Visibility is written after the start is acknowledged: wait until it has caught up and settled.
  for (;;) {
    const now = (await client.workflow.count(query)).count;
    if ((now >= count && now === seen) || Date.now() > deadline) break;
    seen = now;
    await waitMs(500);
  }
  const ids: string[] = [];
  for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
  return ids;
}

async function throughput(): Promise<void> {
  const { url: databaseUrl, dataSource } = await openBenchDatabase();
  const suffix = randomBytes(3).toString('hex');
  const project = `hooks-${suffix}`;
  const repository = `bench-${suffix}/hooks`;
  const key = SecretBox.generateKey();
  await dataSource.getRepository(ProjectEntity).insert({
    name: project,
    repositoryUrl: `/srv/git/${project}.git`,
    vcsProvider: 'github',
    vcsRepository: repository,
  });
  const secret = await createWebhookSecret(dataSource, new SecretBox(key), project);
  const port = await freePort();
  const vcs = await startService('vcs', {
    TEMPORAL_ADDRESS: process.env.SLIPWAY_TEST_TEMPORAL_ADDRESS!,
    DATABASE_URL: databaseUrl,
    SLIPWAY_HOME: scratchDir('bench-webhooks'),
    SLIPWAY_SECRET_KEY: key,
    WEBHOOK_PORT: String(port),
    // As in production: one "webhook accepted" line per delivery.
    LOG_LEVEL: 'info',
  });
  cleanups.push(() => vcs.stop());
  const client = new Client({
    connection: await Connection.connect({ address: process.env.SLIPWAY_TEST_TEMPORAL_ADDRESS! }),
  });
  cleanups.push(() => client.connection.close());
  const prefix = `release-${project}-`;
  const directPrefix = `bench-direct-${suffix}-`;
  cleanups.push(async () => {
    // No runner took them: terminate them so nothing later on this Temporal server picks them up.
    for (const started of [prefix, directPrefix]) {
      await eachConcurrently(await listReleases(client, started, 0), 64, (id) =>
        client.workflow
          .getHandle(id)
          .terminate('webhooks bench over')
          .then(
            () => undefined,
            () => undefined,
          ),
      );
    }
  });

  const url = new URL(`http://127.0.0.1:${port}/webhooks/github`);
  let before = randomBytes(20).toString('hex');
  const prepare = (count: number): PreparedDelivery[] =>
    Array.from({ length: count }, (_, index) => {
      const sha = randomBytes(20).toString('hex');
      const delivery = randomUUID();
      const body = JSON.stringify(pushPayload(repository, sha, before, `Change ${index}\n\nBenchmark push.`));
      before = sha;
      return { delivery, sha, body, headers: gitHubHeaders('push', body, secret, delivery) };
    });
  const accepted = (prepared: PreparedDelivery) => ({
    status: 202,
    body: { release: `${prefix}${prepared.sha}` },
  });
  const duplicate = () => ({ status: 200, body: { duplicate: true } });
  const recorded = () =>
    dataSource.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM webhook_deliveries');
  const countRows = async (): Promise<number> => (await recorded())[0]!.n;
  const outboxSize = async (): Promise<number> =>
    (await dataSource.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM release_starts'))[0]!.n;
  /** The dispatcher starts releases after the 202: outcomes and workflows are checked once it is done. */
  const outboxDrained = async (): Promise<void> => {
    const deadline = Date.now() + PATIENCE_MS;
    for (let left = await outboxSize(); left > 0; left = await outboxSize()) {
      if (Date.now() > deadline)
        throw new Error(`release_starts still holds ${left} rows after ${PATIENCE_MS} ms`);
      await waitMs(50);
    }
  };

  const sent: PreparedDelivery[] = [];
  const warmUp = prepare(WARM_UP);
  await sendAll(url, warmUp, accepted, null);
  await sendAll(url, warmUp, duplicate, null);
  sent.push(...warmUp);

  const fresh = newPhase();
  const again = newPhase();
  const direct = newPhase();
  const rowsAddedByRedeliveries: number[] = [];
  const perRound = Math.ceil(deliveries / ROUNDS);
  /** Per round: releases still queued once its requests were answered, and how long they took to start. */
  const backlogs: Array<{ releases: number; queuedAfterSends: number; sendsMs: number; drainMs: number }> =
    [];
  await outboxDrained();
  for (let round = 0; round < ROUNDS; round += 1) {
    const batch = prepare(Math.min(perRound, deliveries - round * perRound));
    if (batch.length === 0) break;
    const roundStarted = performance.now();
    await sendAll(url, batch, accepted, fresh);
    sent.push(...batch);
    const rows = await countRows();
    await sendAll(url, batch, duplicate, again);
    rowsAddedByRedeliveries.push((await countRows()) - rows);
    // The dispatcher's backlog drains before the reference starts, so the two do not share Temporal.
    const sendsEnded = performance.now();
    const queuedAfterSends = await outboxSize();
    await outboxDrained();
    backlogs.push({
      releases: batch.length,
      queuedAfterSends,
      sendsMs: sendsEnded - roundStarted,
      drainMs: performance.now() - sendsEnded,
    });
    await startDirectly(
      client,
      directPrefix,
      batch.map(() => randomBytes(20).toString('hex')),
      direct,
    );
  }

  // The same kind of deliveries at the target rate, open loop: the latency a steady 500/s sees.
  const paced = newPhase();
  const pacedBatch = prepare(deliveries);
  await sendPaced(url, pacedBatch, accepted, paced, TARGETS.perSecond);
  sent.push(...pacedBatch);
  await outboxDrained();

  // Nothing lost, nothing doubled: the store and Temporal, each against what was sent.
  const rows = await dataSource.query<Array<{ delivery_id: string; outcome: string; n: number }>>(
    `SELECT delivery_id, min(outcome) AS outcome, count(*)::int AS n
       FROM webhook_deliveries WHERE provider = 'github' GROUP BY delivery_id`,
  );
  const byDelivery = new Map(rows.map((row) => [row.delivery_id, row]));
  const missingRows = sent.filter((prepared) => !byDelivery.has(prepared.delivery)).length;
  const doubledRows = rows.filter((row) => row.n !== 1).length;
  const wrongOutcome = sent.filter(
    (prepared) => byDelivery.get(prepared.delivery)?.outcome !== `started ${prefix}${prepared.sha}`,
  ).length;
  const strayRows = rows.length - (sent.length - missingRows);
  const listed = await listReleases(client, prefix, sent.length);
  const expectedIds = new Set(sent.map((prepared) => `${prefix}${prepared.sha}`));
  const listedIds = new Set(listed);
  const missingWorkflows = [...expectedIds].filter((id) => !listedIds.has(id)).length;
  const extraWorkflows = listed.filter((id) => !expectedIds.has(id)).length;
  const doubledWorkflows = listed.length - listedIds.size;

  const perSecond = (phase: Phase): number => (phase.latencies.length * 1000) / phase.elapsedMs;
  const statuses = (phase: Phase): string =>
    [...phase.statuses].map(([status, count]) => `${status} × ${count}`).join(', ');
  const bodyBytes = summarize(sent.map((prepared) => Buffer.byteLength(prepared.body))).p50;
  console.log(
    `webhooks, 1. signed GitHub push deliveries through the vcs service process (PostgreSQL + Temporal): ` +
      `${deliveries} distinct deliveries and shas in ${ROUNDS} rounds, each round's batch sent again at once ` +
      `as redeliveries, then as many Temporal starts alone; ${connections} keep-alive connections (node:http Agent, closed loop); ` +
      `bodies ${(bodyBytes / 1024).toFixed(1)} KiB; ${WARM_UP} warm-up deliveries before\n`,
  );
  console.log(
    `${withP99('push, new delivery (verify, record, queue release)', fresh.latencies)}  ` +
      `${perSecond(fresh).toFixed(0).padStart(6)} accepted/s`,
  );
  console.log(
    `${withP99(`push, new delivery, open loop at ${TARGETS.perSecond}/s`, paced.latencies)}  ` +
      `${perSecond(paced).toFixed(0).padStart(6)} accepted/s`,
  );
  console.log(
    `${withP99('redelivery (verify, deduplicate, start nothing)', again.latencies)}  ` +
      `${perSecond(again).toFixed(0).padStart(6)} answered/s`,
  );
  console.log(
    `${withP99('reference: Temporal start alone, from this process', direct.latencies)}  ` +
      `${perSecond(direct).toFixed(0).padStart(6)} started/s`,
  );
  const started = backlogs.reduce((sum, backlog) => sum + backlog.releases, 0);
  const startMs = backlogs.reduce((sum, backlog) => sum + backlog.sendsMs + backlog.drainMs, 0);
  console.log(
    `\nrelease_starts (outbox), per round: ` +
      backlogs
        .map(
          (backlog) =>
            `${backlog.queuedAfterSends} of ${backlog.releases} still queued after its requests ` +
            `(${(backlog.sendsMs / 1000).toFixed(2)} s), drained ${(backlog.drainMs / 1000).toFixed(2)} s later`,
        )
        .join('; ') +
      `\ndispatcher: ${started} releases started in ${(startMs / 1000).toFixed(2)} s from each round's first send ` +
      `to its empty outbox: ${((started * 1000) / startMs).toFixed(0)} started/s`,
  );
  console.log(`\nstatuses, new deliveries: ${statuses(fresh)}`);
  console.log(`statuses, open loop:      ${statuses(paced)}`);
  console.log(`statuses, redeliveries:   ${statuses(again)}`);
  for (const line of [...fresh.unexpected, ...paced.unexpected, ...again.unexpected]) {
    console.log(`  unexpected: ${line}`);
  }
  console.log(
    `redelivery / new delivery: p50 ${ratio(summarize(again.latencies).p50, summarize(fresh.latencies).p50)}, ` +
      `p99 ${ratio(percentile(again.latencies, 0.99), percentile(fresh.latencies, 0.99))}, ` +
      `throughput ${ratio(perSecond(again), perSecond(fresh))}`,
  );
  console.log(
    `new delivery / Temporal start alone: p50 ` +
      `${ratio(summarize(fresh.latencies).p50, summarize(direct.latencies).p50)}, ` +
      `throughput ${ratio(perSecond(fresh), perSecond(direct))}`,
  );
  console.log(
    `\nwebhook_deliveries: ${rows.length} rows for ${sent.length} deliveries sent (warm-up included): ` +
      `${missingRows} missing, ${doubledRows} doubled, ${strayRows} stray, ${wrongOutcome} without their release; ` +
      `rows added by redeliveries: ${rowsAddedByRedeliveries.reduce((a, b) => a + b, 0)}`,
  );
  console.log(
    `Temporal, workflow ids ${prefix}*: ${listed.length} release workflows for ${expectedIds.size} distinct shas: ` +
      `${missingWorkflows} missing, ${doubledWorkflows} doubled, ${extraWorkflows} extra (one started by a ` +
      `redelivery would be extra or doubled)`,
  );
  const lost =
    missingRows +
    wrongOutcome +
    missingWorkflows +
    fresh.unexpected.length +
    paced.unexpected.length +
    again.unexpected.length;
  const doubled =
    doubledRows +
    strayRows +
    doubledWorkflows +
    extraWorkflows +
    rowsAddedByRedeliveries.reduce((a, b) => a + b, 0);
  // Throughput is the most the closed loop got through; latency is what a steady load at the target rate sees.
  const p99 = percentile(paced.latencies, 0.99);
  const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT MET');
  console.log(
    `\ntargets: ≥ ${TARGETS.perSecond} accepted/s: ${perSecond(fresh).toFixed(0)}/s ${verdict(perSecond(fresh) >= TARGETS.perSecond)}; ` +
      `p99 < ${TARGETS.p99Ms} ms at ${TARGETS.perSecond}/s: ${p99.toFixed(1)} ms ${verdict(p99 < TARGETS.p99Ms)}; ` +
      `lost ${lost}, duplicated ${doubled} ${verdict(lost === 0 && doubled === 0)}\n`,
  );
}

// ---------------------------------------------------------------------------------------------------
// 2. Accepted → first step running, on the whole stack
// ---------------------------------------------------------------------------------------------------

const HOOKED_SPEC = [
  'version: 1',
  'environments:',
  '  - name: bench',
  '    auto:',
  '      branches: [main]',
  '    steps:',
  '      - name: first',
  '        run: "true"',
  '',
].join('\n');

interface DashboardEvent {
  type: string;
  occurredAt: number;
  deploymentId: string;
  project: string;
  commitSha: string | null;
  detail: string | null;
}

const ENDED = new Set([
  'DEPLOYMENT_SUCCEEDED',
  'DEPLOYMENT_FAILED',
  'DEPLOYMENT_ROLLED_BACK',
  'DEPLOYMENT_ROLLBACK_FAILED',
  'DEPLOYMENT_CANCELLED',
  'DEPLOYMENT_SUPERSEDED',
  'DEPLOYMENT_BLOCKED',
]);

/**
 * Every event of the stack from the `dashboard` subscription: how a pushed commit's deployment is found.
 * From the first event on (`after: "0"`), not from "now": the subscription is set up in the background, and a
 * webhook sent before it is would otherwise have its first events missed.
 */
function followDashboard(
  graphqlWs: string,
  token: string,
): {
  waitFor(what: string, match: (event: DashboardEvent) => boolean): Promise<DashboardEvent>;
  close(): Promise<void>;
} {
  const events: DashboardEvent[] = [];
  let failure: unknown = null;
  const client = createClient({
    url: graphqlWs,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
  });
  client.subscribe<{
    dashboard: {
      type: string;
      occurredAt: string;
      deploymentId: string;
      detail: string | null;
      deployment: { project: string; commitSha: string | null };
    };
  }>(
    {
      query:
        'subscription { dashboard(after: "0") { type occurredAt deploymentId detail deployment { project commitSha } } }',
    },
    {
      next: ({ data, errors }) => {
        if (errors) failure = errors;
        if (!data) return;
        const event = data.dashboard;
        events.push({
          type: event.type,
          occurredAt: Date.parse(event.occurredAt),
          deploymentId: event.deploymentId,
          project: event.deployment.project,
          commitSha: event.deployment.commitSha,
          detail: event.detail,
        });
      },
      error: (error) => (failure = error),
      complete: () => (failure = 'the dashboard subscription completed'),
    },
  );
  return {
    waitFor: async (what, match) => {
      const deadline = Date.now() + PATIENCE_MS;
      for (;;) {
        const found = events.find(match);
        if (found) return found;
        if (failure !== null) throw new Error(`dashboard: ${JSON.stringify(failure)}`);
        if (Date.now() > deadline) throw new Error(`no ${what} within ${PATIENCE_MS} ms`);
        await waitMs(5);
      }
    },
    close: async () => {
      await client.dispose();
    },
  };
}

interface FirstStep {
  /** Request sent → first step started. */
  sentMs: number;
  /** Answer received (202, or the mutation's answer) → first step started. */
  answeredMs: number;
  /** The request's own round trip. */
  requestMs: number;
}

async function acceptedToFirstStep(): Promise<void> {
  const stack: BenchStack = await startBenchStack();
  cleanups.push(() => stack.stop());
  const endpoints = JSON.parse(readFileSync(join(stack.home, 'endpoints.json'), 'utf8')) as {
    graphqlWs: string;
    webhooks: { github: string };
  };
  const token = readFileSync(join(stack.home, 'admin-token'), 'utf8').trim();
  const key = process.env.SLIPWAY_SECRET_KEY ?? readFileSync(join(stack.home, 'secret-key'), 'utf8').trim();
  const project = 'hooked';
  const repository = 'bench/hooked';
  const path = await stack.addProject(project, { '.slipway.yml': HOOKED_SPEC });
  // Connected as `npm run up` connects the demo: the repository's name at GitHub and a webhook secret.
  const dataSource = await openDatabase(stack.databaseUrl, 'slipway-bench');
  let secret: string;
  try {
    await dataSource
      .getRepository(ProjectEntity)
      .update({ name: project }, { vcsProvider: 'github', vcsRepository: repository });
    secret = await createWebhookSecret(dataSource, new SecretBox(key), project);
  } finally {
    await dataSource.destroy();
  }
  const dashboard = followDashboard(endpoints.graphqlWs, token);
  cleanups.push(() => dashboard.close());

  let before = '0'.repeat(40);
  let commits = 0;
  const commit = (): string => {
    commits += 1;
    return commitFiles(path, { 'change.txt': `${commits}\n` }, `change ${commits}`);
  };
  const viaWebhook = async (): Promise<FirstStep> => {
    const sha = commit();
    const body = JSON.stringify(pushPayload(repository, sha, before, `change ${commits}`));
    before = sha;
    const sentAt = Date.now();
    const answer = await postWebhook(endpoints.webhooks.github, body, gitHubHeaders('push', body, secret));
    const answeredAt = Date.now();
    if (answer.status !== 202)
      throw new Error(`the push webhook got ${answer.status} ${JSON.stringify(answer.body)}`);
    const ofCommit = (event: DashboardEvent) => event.project === project && event.commitSha === sha;
    // A deployment that starts no step (it failed planning, say) ends the wait too, with its reason.
    const step = await dashboard.waitFor(
      `first step of ${sha}`,
      (e) => ofCommit(e) && (e.type === 'STEP_STARTED' || ENDED.has(e.type)),
    );
    if (step.type !== 'STEP_STARTED') {
      throw new Error(`the pushed deployment ended ${step.type}: ${step.detail ?? 'no detail'}`);
    }
    const end = await dashboard.waitFor(
      `end of ${sha}`,
      (e) => e.deploymentId === step.deploymentId && ENDED.has(e.type),
    );
    if (end.type !== 'DEPLOYMENT_SUCCEEDED') {
      throw new Error(`the pushed deployment ended ${end.type}: ${end.detail ?? 'no detail'}`);
    }
    return {
      sentMs: step.occurredAt - sentAt,
      answeredMs: step.occurredAt - answeredAt,
      requestMs: answeredAt - sentAt,
    };
  };
  const viaMutation = async (): Promise<FirstStep> => {
    before = commit();
    const sentAt = Date.now();
    const deployment = await stack.deploy(project, 'bench', 'main');
    if (deployment.events.at(-1)?.type !== 'DEPLOYMENT_SUCCEEDED') {
      throw new Error(`the deployment ended ${deployment.events.at(-1)?.type ?? 'without events'}`);
    }
    const step = deployment.events.find((event) => event.type === 'STEP_STARTED')!;
    return {
      sentMs: step.occurredAt - sentAt,
      answeredMs: step.occurredAt - (sentAt + deployment.mutationMs),
      requestMs: deployment.mutationMs,
    };
  };

  await viaWebhook(); // warm-up: first mirror of the repository, first bundle loads
  await viaMutation();
  const webhook: FirstStep[] = [];
  const mutation: FirstStep[] = [];
  for (let index = 0; index < runs; index += 1) {
    // Alternating which goes first spreads a slow spell of the machine over both.
    const order = index % 2 === 0 ? [viaWebhook, viaMutation] : [viaMutation, viaWebhook];
    for (const way of order) (way === viaWebhook ? webhook : mutation).push(await way());
  }

  console.log(
    `webhooks, 2. accepted → first step running on the one-machine stack (npm run up's script): ${runs} real ` +
      `commits deployed by their signed push webhook, interleaved with ${runs} deployed by the deploy ` +
      `mutation; one 'run: "true"' step; one warm-up of each before\n`,
  );
  const row = (label: string, samples: FirstStep[], pick: (sample: FirstStep) => number): string =>
    formatRow(label, summarize(samples.map(pick)));
  console.log(row('push webhook: request round trip (until 202)', webhook, (s) => s.requestMs));
  console.log(row('push webhook: 202 → first step started', webhook, (s) => s.answeredMs));
  console.log(row('push webhook: sent → first step started', webhook, (s) => s.sentMs));
  console.log(row('deploy mutation: round trip (until recorded)', mutation, (s) => s.requestMs));
  console.log(row('deploy mutation: answered → first step started', mutation, (s) => s.answeredMs));
  console.log(row('deploy mutation: sent → first step started', mutation, (s) => s.sentMs));
  const p50 = (samples: FirstStep[], pick: (sample: FirstStep) => number) => summarize(samples.map(pick)).p50;
  console.log(
    `\nwebhook / deploy mutation, sent → first step started (p50): ` +
      `${ratio(
        p50(webhook, (s) => s.sentMs),
        p50(mutation, (s) => s.sentMs),
      )}; ` +
      `the webhook path's extra cost (p50 difference): ` +
      `${(p50(webhook, (s) => s.sentMs) - p50(mutation, (s) => s.sentMs)).toFixed(1)} ms`,
  );
}

async function main(): Promise<void> {
  for (const [name, value] of Object.entries({ deliveries, connections, runs })) {
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`${name} must be a whole number above 0, not ${String(value)}`);
    }
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  }
  try {
    await throughput();
    // Part 2 runs releases on the same Temporal server: part 1's, terminated, must be gone first.
    await cleanUp();
    await acceptedToFirstStep();
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
