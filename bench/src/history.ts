/**
 * The read side at scale: 1,000,000 generated deployments with their events, over two years, for 50
 * projects × 3 environments (history-generator.ts), bulk-loaded with COPY through the event log's
 * hash-chain trigger, then measured in one run, the queries interleaved in rounds so machine noise
 * hits all of them alike:
 *  1. the dashboard: currentReleases for all 50 projects (target p95 20 ms);
 *  2. a history page deep in the list: listDeployments, first=50, from a cursor 55–65% of the way back
 *     through the two years, (a) unfiltered, (b) one project, (c) one project + environment + status
 *     FAILED, (d) a full-text search (target p95 50 ms, each);
 *  3. the four DORA metrics of one project's production over the last 90 days: loadDeploymentMetrics
 *     (target p95 200 ms).
 * Projects, cursors and search terms are drawn per iteration from a seeded random source.
 *
 * Before measuring, a sample of deployments is replayed from the log through applyDeploymentEvent and
 * must equal the stored read models. The loaded database is kept on DATABASE_URL's server for the next
 * run (see history-database.ts); point DATABASE_URL at a lasting server to keep it between runs.
 *
 *   npm run bench -- history [iterations per query, default 200] [--fresh] [--deployments N]
 */
import {
  currentReleases,
  listDeployments,
  loadDeploymentMetrics,
  type HistoryFilter,
} from '@slipway/history';
import type { DataSource } from 'typeorm';
import { checkReplay } from './history/consistency';
import { historyDatabaseName, openHistoryDatabase, type LoadRecord } from './history/database';
import { ENVIRONMENTS, HISTORY_DAYS, PROJECT_NAMES } from './history/generator';
import { HISTORY_TABLES } from './history/loader';
import { SeededRandom } from './history/random';
import { formatRow, summarize } from './percentiles';

const SEED = 7;
const DEFAULT_DEPLOYMENTS = 1_000_000;
const DEFAULT_ITERATIONS = 200;
const ROUNDS = 10;
const WARM_UP = 10;
const REPLAY_SAMPLE = 200;
const PAGE_SIZE = 50;
/** How far back through the history the page cursor sits, as a share of its span. */
const DEPTH = { from: 0.55, to: 0.65 };
const METRICS_DAYS = 90;
const DAY_MS = 86_400_000;
/**
 * Searches as people type them, over the generated commit messages and failure reasons: common words
 * (~5% of deployments), a phrase, a web-search negation, rarer failure words (~1%), a pull request
 * number (~70 deployments, found through the GIN index rather than by walking the page order).
 */
const SEARCH_TERMS = [
  'invoice',
  'timeout',
  '"payment retry"',
  '"health check" -timeout',
  'refused',
  'memory',
  '4242',
];
const TARGET_MS = { dashboard: 20, page: 50, metrics: 200 };

interface Options {
  iterations: number;
  deployments: number;
  fresh: boolean;
}

function parseOptions(args: string[]): Options {
  const options: Options = { iterations: DEFAULT_ITERATIONS, deployments: DEFAULT_DEPLOYMENTS, fresh: false };
  const wholeNumber = (name: string, text: string | undefined): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`${name} must be a whole number above 0, not "${text ?? ''}"`);
    }
    return value;
  };
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--fresh') options.fresh = true;
    else if (arg === '--deployments') options.deployments = wholeNumber('--deployments', args[(index += 1)]);
    else options.iterations = wholeNumber('iterations', arg);
  }
  return options;
}

/**
 * One query as the bench runs it: `prepare` picks its arguments (not timed) and returns the timed call,
 * which answers how big its answer was (in `unit`): a fast empty answer would prove nothing.
 */
interface Measured {
  label: string;
  target: number;
  unit: string;
  prepare: (random: SeededRandom) => Promise<() => Promise<number>>;
}

function measuredQueries(dataSource: DataSource, record: LoadRecord): Measured[] {
  const end = record.endsAt.getTime();
  const span = HISTORY_DAYS * DAY_MS;
  /** A real row's position (as listDeployments hands out cursors) 55–65% of the way back. */
  const deepCursor = async (random: SeededRandom) => {
    const at = new Date(end - span * random.between(DEPTH.from, DEPTH.to));
    const [row] = await dataSource.query<Array<{ at: string; id: string }>>(
      `SELECT to_char(queued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, id
       FROM deployments WHERE queued_at <= $1 ORDER BY queued_at DESC, id DESC LIMIT 1`,
      [at],
    );
    if (row === undefined) throw new Error(`no deployment was queued before ${at.toISOString()}`);
    return { queuedAt: row.at, id: row.id };
  };
  const page = (
    label: string,
    filterOf: (random: SeededRandom) => Omit<HistoryFilter, 'projects'>,
  ): Measured => ({
    label: `history page, ${label}`,
    target: TARGET_MS.page,
    unit: 'rows',
    prepare: async (random) => {
      const filter: HistoryFilter = { projects: null, ...filterOf(random) };
      const cursor = await deepCursor(random);
      return async () => (await listDeployments(dataSource, filter, PAGE_SIZE, cursor)).deployments.length;
    },
  });
  return [
    {
      label: `dashboard: currentReleases, ${PROJECT_NAMES.length} projects`,
      target: TARGET_MS.dashboard,
      unit: 'environments',
      prepare: () => Promise.resolve(async () => (await currentReleases(dataSource, PROJECT_NAMES)).length),
    },
    page('(a) unfiltered', () => ({})),
    page('(b) one project', (random) => ({ project: random.pick(PROJECT_NAMES) })),
    page('(c) project + environment + FAILED', (random) => ({
      project: random.pick(PROJECT_NAMES),
      environment: random.pick(ENVIRONMENTS),
      status: ['FAILED'],
    })),
    page('(d) full-text search', (random) => ({ search: random.pick(SEARCH_TERMS) })),
    {
      label: `DORA metrics: one project, production, ${METRICS_DAYS} days`,
      target: TARGET_MS.metrics,
      unit: 'deployments counted',
      prepare: (random) => {
        const project = random.pick(PROJECT_NAMES);
        const until = new Date(end);
        const since = new Date(end - METRICS_DAYS * DAY_MS);
        const window = { project, environment: 'production', since, until, bucket: 'DAY' } as const;
        return Promise.resolve(async () => (await loadDeploymentMetrics(dataSource, window)).counted);
      },
    },
  ];
}

/**
 * Every query `iterations` times, in ROUNDS rounds; each round runs its share of every query, the
 * queries in an order that rotates from round to round. Arguments are picked before each timed call.
 */
async function measure(
  queries: Measured[],
  iterations: number,
): Promise<Array<{ samples: number[]; answered: number }>> {
  const warmUp = new SeededRandom(SEED, 1);
  for (const query of queries) {
    for (let index = 0; index < WARM_UP; index += 1) await (await query.prepare(warmUp))();
  }
  const randoms = queries.map((_, index) => new SeededRandom(SEED, 2, index));
  const results = queries.map(() => ({ samples: new Array<number>(), answered: 0 }));
  for (let round = 0; round < ROUNDS; round += 1) {
    const share = Math.floor((iterations * (round + 1)) / ROUNDS) - Math.floor((iterations * round) / ROUNDS);
    for (let turn = 0; turn < queries.length; turn += 1) {
      const index = (turn + round) % queries.length;
      for (let run = 0; run < share; run += 1) {
        const call = await queries[index]!.prepare(randoms[index]!);
        const started = performance.now();
        const size = await call();
        results[index]!.samples.push(performance.now() - started);
        results[index]!.answered += size;
      }
    }
  }
  return results;
}

async function printHeader(dataSource: DataSource, record: LoadRecord, reused: boolean, options: Options) {
  const [server] = await dataSource.query<Array<{ version: string; size: string }>>(
    `SELECT current_setting('server_version') AS version,
       pg_size_pretty(pg_database_size(current_database())) AS size`,
  );
  const count = (value: number): string => value.toLocaleString('en');
  console.log(
    `history: ${count(record.deployments)} deployments over ${HISTORY_DAYS} days to ` +
      `${record.endsAt.toISOString().slice(0, 10)}, ${PROJECT_NAMES.length} projects × ${ENVIRONMENTS.length} ` +
      `environments (seed ${record.seed}); PostgreSQL ${server?.version ?? '?'}, database ${server?.size ?? '?'}`,
  );
  console.log(
    `${options.iterations} iterations per query in ${ROUNDS} interleaved rounds, after ${WARM_UP} warm-up ` +
      `runs each; history pages ${PAGE_SIZE} rows from ${Math.round(DEPTH.from * 100)}–${Math.round(DEPTH.to * 100)}% deep; ` +
      `search terms ${SEARCH_TERMS.join(', ')}\n`,
  );
  console.log('rows loaded:');
  for (const table of HISTORY_TABLES) {
    console.log(`  ${table.padEnd(22)} ${count(record.rows[table] ?? 0).padStart(12)}`);
  }
  console.log(
    `\n${reused ? `loaded ${record.loadedAt.toISOString()} (kept, reused): ` : ''}generated and loaded in ` +
      `${record.loadSeconds.toFixed(0)} s; deployment_events through the hash-chain trigger at ` +
      `${count(Math.round(record.eventsPerSecond))} rows/s; VACUUM ANALYZE ${record.vacuumSeconds.toFixed(0)} s`,
  );
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const database = await openHistoryDatabase({
    name: historyDatabaseName(options.deployments, DEFAULT_DEPLOYMENTS),
    seed: SEED,
    deployments: options.deployments,
    fresh: options.fresh,
    log: (line) => console.log(line),
  });
  const { dataSource, record } = database;
  try {
    await printHeader(dataSource, record, database.reused, options);
    const replayed = await checkReplay(dataSource, new SeededRandom(SEED, 3), REPLAY_SAMPLE);
    console.log(
      `replay check: ${replayed} sampled deployments replayed from their events equal their rows\n`,
    );
    const queries = measuredQueries(dataSource, record);
    const results = await measure(queries, options.iterations);
    for (const [index, query] of queries.entries()) {
      const { samples, answered } = results[index]!;
      const summary = summarize(samples);
      console.log(formatRow(query.label, summary));
      console.log(
        `  target p95 ${query.target} ms: ${summary.p95 <= query.target ? 'met' : 'NOT met'} ` +
          `(answers: ${(answered / samples.length).toFixed(1)} ${query.unit} on average)`,
      );
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
