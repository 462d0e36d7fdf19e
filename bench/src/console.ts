/**
 * The deployment page's log viewer with large logs, measured side by side in one run: for each size, a
 * deployment that ended (SUCCEEDED) with that many stored step log lines (varied text, some of it in
 * ANSI colours), seeded straight into the tables the gateway reads; the real gateway serves the built
 * console (web/dist) and the API; Chromium opens /deployments/<id> ROUNDS times per size, the sizes
 * taking turns, each time in a fresh browser context. Measured in the page (performance.now()):
 *  - load: navigation start → the line counter shows every line (history is read 5,000 lines a page);
 *  - search: typing SEARCH_TERM into "Search the log" → the match count shown;
 * and, once every line is loaded: the log rows in the DOM (the viewer renders only those in view), and
 * the page's JS heap after a forced garbage collection (CDP Performance.getMetrics, JSHeapUsedSize).
 * Timings are reported, never judged; a page that did not show every line, or a search that counted
 * the wrong number of matches, stops the bench (exit 1) before it reports anything.
 *
 *   npm run bench -- console [sizes…: lines per deployment; default 1000 10000 100000]
 */
import { createApiToken, DeploymentEntity, DeploymentStepEntity, ProjectEntity } from '@slipway/db';
import type { DeploymentEventBody } from '@slipway/domain';
import { insertDeploymentEvents } from '@slipway/events';
import {
  createTestDatabase,
  launchBrowser,
  REPO_ROOT,
  startGateway,
  type TestDatabase,
  type TestGateway,
} from '@slipway/testing';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { generatedLine, occurrences, SEARCH_TERM } from './console/log-text';
import { summarize } from './percentiles';

const DEFAULT_SIZES = [1_000, 10_000, 100_000];
/** Keeps a run to minutes (seeding, and five page loads of each size). */
const MAX_LINES = 500_000;
const ROUNDS = 5;
const VIEWPORT = { width: 1280, height: 900 };
/** Rows per INSERT while seeding. */
const SEED_BATCH = 10_000;
/** Only bounds how long a broken page keeps the bench waiting. */
const PATIENCE_MS = 180_000;
const PROJECT = 'shop';
const STEPS = ['migrate', 'release'];

type DataSource = TestDatabase['dataSource'];
type Browser = Awaited<ReturnType<typeof launchBrowser>>;
type Page = Awaited<ReturnType<Browser['newPage']>>;

/** Undone in reverse order when the bench ends, however it ends. */
const cleanups: Array<() => Promise<void>> = [];

async function cleanUp(): Promise<void> {
  for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) {
    await cleanup().catch((error: unknown) => console.error('cleanup failed:', error));
  }
}

const NUMBER = new Intl.NumberFormat('en-US');

function parseSizes(args: readonly string[]): number[] {
  if (args.length === 0) return DEFAULT_SIZES;
  const sizes = args.map((arg) => {
    const size = Number(arg.replaceAll(/[,_]/g, ''));
    if (!Number.isInteger(size) || size < 1 || size > MAX_LINES) {
      throw new Error(
        `each size must be a whole number of lines from 1 to ${NUMBER.format(MAX_LINES)}, not "${arg}"`,
      );
    }
    return size;
  });
  if (new Set(sizes).size !== sizes.length) throw new Error(`each size may be given once: ${args.join(' ')}`);
  return sizes.sort((a, b) => a - b);
}

/** A seeded deployment, with what its page must show. */
interface Seeded {
  size: number;
  id: string;
  /** The text of its last line, as the viewer shows it. */
  lastText: string;
  /** What the viewer's match count reads after searching SEARCH_TERM. */
  matchCount: string;
}

function matchCountText(matches: number): string {
  return matches === 0 ? 'No matches' : `${NUMBER.format(matches)} ${matches === 1 ? 'match' : 'matches'}`;
}

/** An ended deployment of two steps as the audit service records one, and `size` lines its build and steps printed. */
async function seed(dataSource: DataSource, size: number): Promise<Seeded> {
  const id = randomUUID();
  const started = Date.UTC(2026, 5, 1, 8);
  const lineAt = (index: number): number => started + index * 5;
  const finished = new Date(lineAt(size) + 1000);
  const commit = { commitSha: 'c'.repeat(40), commitMessage: 'Log a lot' };
  const events: DeploymentEventBody[] = [
    {
      type: 'DEPLOYMENT_QUEUED',
      project: PROJECT,
      environment: 'production',
      ref: 'main',
      actor: 'ada',
      trigger: { type: 'manual' },
    },
    {
      type: 'ARTIFACT_READY',
      ...commit,
      artifactDigest: `sha256:${'d'.repeat(64)}`,
      artifactSize: 1_048_576,
      built: true,
    },
    { type: 'DEPLOYMENT_STARTED', ...commit, steps: STEPS },
    ...STEPS.flatMap((_, step): DeploymentEventBody[] => [
      { type: 'STEP_STARTED', step },
      { type: 'STEP_SUCCEEDED', step, output: '' },
    ]),
    { type: 'DEPLOYMENT_SUCCEEDED' },
  ];
  await dataSource.getRepository(DeploymentEntity).insert({
    id,
    project: PROJECT,
    environment: 'production',
    ref: 'main',
    actor: 'ada',
    trigger: { type: 'manual' },
    status: 'SUCCEEDED',
    ...commit,
    artifactDigest: `sha256:${'d'.repeat(64)}`,
    approvalsRemaining: null,
    reason: null,
    queuedAt: new Date(started - 1000),
    startedAt: new Date(started),
    finishedAt: finished,
    lastSequence: events.length,
  });
  await dataSource.getRepository(DeploymentStepEntity).insert(
    STEPS.map((name, position) => ({
      deploymentId: id,
      position,
      name,
      status: 'SUCCEEDED' as const,
      startedAt: new Date(started),
      finishedAt: finished,
      output: '',
      error: null,
    })),
  );
  await dataSource.transaction((manager) =>
    insertDeploymentEvents(
      manager,
      events.map((body, index) => ({
        eventId: randomUUID(),
        deploymentId: id,
        sequence: index + 1,
        occurredAt: new Date(started + index).toISOString(),
        body,
      })),
    ),
  );

  let matches = 0;
  let lastText = '';
  for (let from = 0; from < size; from += SEED_BATCH) {
    const batch = Array.from({ length: Math.min(SEED_BATCH, size - from) }, (_, offset) =>
      generatedLine(from + offset, size),
    );
    for (const { text } of batch) matches += occurrences(text, SEARCH_TERM);
    lastText = batch.at(-1)!.text;
    // One statement per batch; WITH ORDINALITY keeps the ids in the lines' order.
    await dataSource.query(
      `INSERT INTO step_logs (deployment_id, step, attempt, rollback, at, line)
       SELECT $1, step, 1, false, at, line
       FROM unnest($2::int[], $3::timestamptz[], $4::text[]) WITH ORDINALITY AS batch(step, at, line, n)
       ORDER BY n`,
      [
        id,
        batch.map(({ step }) => step),
        batch.map((_, offset) => new Date(lineAt(from + offset)).toISOString()),
        batch.map(({ line }) => line),
      ],
    );
  }
  return { size, id, lastText, matchCount: matchCountText(matches) };
}

/** What the probe the page runs records, in the page's performance.now() (ms since navigation start). */
interface ProbeState {
  allLinesAt: number | null;
  searchArmed: boolean;
  searchInputAt: number | null;
  searchShownAt: number | null;
}

/** Just what the probe uses of the page's globals (the bench is compiled without the DOM's types). */
interface ProbeWindow {
  consoleBench: ProbeState;
  performance: { now(): number };
  document: {
    querySelector(
      selector: string,
    ): { textContent: string | null; getAttribute(name: string): string | null } | null;
    addEventListener(type: string, listener: () => void, capture: boolean): void;
  };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void };
}

/**
 * Runs in the page before its own scripts: notes when the line counter first reads `lines`, and when
 * the match count first shows after the armed search input. A MutationObserver sees each change as
 * React commits it, so the times do not depend on how often the bench polls.
 */
function installProbe(lines: number): void {
  const page = globalThis as unknown as ProbeWindow;
  const state: ProbeState = {
    allLinesAt: null,
    searchArmed: false,
    searchInputAt: null,
    searchShownAt: null,
  };
  page.consoleBench = state;
  const check = (): void => {
    const now = page.performance.now();
    if (
      state.allLinesAt === null &&
      page.document.querySelector('.log-count')?.getAttribute('data-count') === String(lines)
    ) {
      state.allLinesAt = now;
    }
    if (
      state.searchInputAt !== null &&
      state.searchShownAt === null &&
      (page.document.querySelector('.log-matches')?.textContent ?? '') !== ''
    ) {
      state.searchShownAt = now;
    }
  };
  new page.MutationObserver(check).observe(page.document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['data-count'],
  });
  page.document.addEventListener(
    'input',
    () => {
      if (state.searchArmed && state.searchInputAt === null) state.searchInputAt = page.performance.now();
    },
    true,
  );
}

const probe = (page: Page): Promise<ProbeState> =>
  page.evaluate(() => (globalThis as unknown as ProbeWindow).consoleBench);

/** Waits until the probe's state satisfies `done`; on timeout, says what the page showed. */
async function waitForProbe(
  page: Page,
  what: string,
  done: (state: ProbeState) => boolean,
): Promise<ProbeState> {
  const deadline = Date.now() + PATIENCE_MS;
  for (;;) {
    const state = await probe(page);
    if (done(state)) return state;
    if (Date.now() > deadline) {
      const counter = await page
        .locator('.log-count')
        .textContent()
        .catch(() => null);
      throw new Error(
        `${what} within ${PATIENCE_MS} ms; the line counter read "${counter ?? '(not shown)'}"`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Sample {
  loadMs: number;
  searchMs: number;
  rows: number;
  heapMb: number;
}

/** Opens the deployment's page in a fresh context, checks what it shows and measures it. */
async function measure(
  browser: Browser,
  gateway: TestGateway,
  token: string,
  seeded: Seeded,
): Promise<Sample> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
  try {
    await context.addInitScript(installProbe, seeded.size);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(`${gateway.base}/deployments/${seeded.id}#token=${token}`, { waitUntil: 'commit' });
    const loaded = await waitForProbe(
      page,
      `the ${NUMBER.format(seeded.size)}-line deployment ${seeded.id} did not show every line`,
      (state) => state.allLinesAt !== null,
    );
    // Every page read, and not one line more (a line shown twice would be a bug).
    const counter = page.locator('.log-count');
    await counter.filter({ hasNotText: 'loading the rest' }).waitFor({ timeout: PATIENCE_MS });
    const shown = Number(await counter.getAttribute('data-count'));
    const last = page.locator('.log-line').last();
    const [lastNumber, lastText] = [
      await last.getAttribute('data-line'),
      await last.locator('.log-text').textContent(),
    ];
    if (shown !== seeded.size || lastNumber !== String(seeded.size) || lastText !== seeded.lastText) {
      throw new Error(
        `the ${NUMBER.format(seeded.size)}-line deployment ${seeded.id} showed ${NUMBER.format(shown)} lines, ` +
          `ending with line ${lastNumber ?? '(none)'} "${lastText ?? ''}" instead of "${seeded.lastText}"`,
      );
    }
    const rows = await page.locator('.log-line').count();
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value;
    if (heap === undefined) throw new Error('Chromium reported no JSHeapUsedSize');

    await page.evaluate(() => {
      (globalThis as unknown as ProbeWindow).consoleBench.searchArmed = true;
    });
    await page.getByRole('searchbox', { name: 'Search the log' }).fill(SEARCH_TERM);
    const searched = await waitForProbe(
      page,
      `searching ${NUMBER.format(seeded.size)} lines for "${SEARCH_TERM}" showed no match count`,
      (state) => state.searchShownAt !== null,
    );
    const matchCount = await page.locator('.log-matches').textContent();
    if (matchCount !== seeded.matchCount) {
      throw new Error(
        `searching ${NUMBER.format(seeded.size)} lines for "${SEARCH_TERM}" showed "${matchCount ?? ''}", ` +
          `not "${seeded.matchCount}"`,
      );
    }
    return {
      loadMs: loaded.allLinesAt!,
      searchMs: searched.searchShownAt! - searched.searchInputAt!,
      rows,
      heapMb: heap / 2 ** 20,
    };
  } finally {
    await context.close();
  }
}

const METRICS = [
  { key: 'loadMs', title: 'load ms', digits: 1 },
  { key: 'searchMs', title: 'search ms', digits: 1 },
  { key: 'rows', title: 'log rows', digits: 0 },
  { key: 'heapMb', title: 'heap MB', digits: 1 },
] as const;

function report(
  sizes: readonly number[],
  seeded: ReadonlyMap<number, Seeded>,
  samples: ReadonlyMap<number, Sample[]>,
): void {
  const label = (text: string): string => text.padEnd(22);
  const cell = (text: string): string => text.padStart(10);
  const summaries = new Map(
    sizes.map((size) => [
      size,
      METRICS.map(({ key }) => summarize(samples.get(size)!.map((sample) => sample[key]))),
    ]),
  );
  console.log(
    `console: the deployment page's log viewer, Chromium ${VIEWPORT.width}×${VIEWPORT.height}, ${ROUNDS} runs ` +
      `per size, sizes take turns, each run a fresh browser context\n` +
      `  load     = navigation start → the line counter shows every line (stepLogs pages of 5,000 lines)\n` +
      `  search   = typing "${SEARCH_TERM}" → the match count shown\n` +
      `  log rows = .log-line elements in the DOM once every line is loaded\n` +
      `  heap     = the page's JSHeapUsedSize after a forced garbage collection, once every line is loaded\n`,
  );
  console.log(label('') + METRICS.map(({ title }) => title.padStart(20)).join(''));
  console.log(label('lines (matches)') + METRICS.map(() => cell('p50') + cell('p95')).join(''));
  for (const size of sizes) {
    const matches = seeded.get(size)!.matchCount.replace(/ match(es)?$/, '');
    console.log(
      label(`${NUMBER.format(size)} (${matches})`) +
        METRICS.map(({ digits }, index) => {
          const { p50, p95 } = summaries.get(size)![index]!;
          return cell(p50.toFixed(digits)) + cell(p95.toFixed(digits));
        }).join(''),
    );
  }
  const smallest = sizes[0]!;
  for (const size of sizes.slice(1)) {
    console.log(
      label(`${NUMBER.format(size)} / ${NUMBER.format(smallest)}`) +
        METRICS.map((_, index) => {
          const [measured, base] = [summaries.get(size)![index]!, summaries.get(smallest)![index]!];
          return (
            cell(`${(measured.p50 / base.p50).toFixed(2)}×`) +
            cell(`${(measured.p95 / base.p95).toFixed(2)}×`)
          );
        }).join(''),
    );
  }
}

async function main(): Promise<void> {
  const sizes = parseSizes(process.argv.slice(2));
  if (!process.env.DATABASE_URL || !process.env.SLIPWAY_TEST_TEMPORAL_ADDRESS) {
    throw new Error('run through npm run bench, which starts PostgreSQL and Temporal');
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  }
  try {
    const database = await createTestDatabase({ prefix: 'slipway_bench_console' });
    cleanups.push(() => database.drop());
    await database.dataSource
      .getRepository(ProjectEntity)
      .insert({ name: PROJECT, repositoryUrl: 'https://git.example.com/shop.git' });
    const token = (await createApiToken(database.dataSource, 'bench', ['admin'])).token;
    const seeded = new Map<number, Seeded>();
    for (const size of sizes) seeded.set(size, await seed(database.dataSource, size));
    // Fresh statistics after the bulk insert, as autovacuum would compute them in a while.
    await database.dataSource.query('ANALYZE step_logs');

    const gateway = await startGateway(database.url, {
      SLIPWAY_WEB_DIR: join(REPO_ROOT, 'web', 'dist'),
      LOG_LEVEL: 'warn',
    });
    cleanups.push(() => gateway.stop());
    const browser = await launchBrowser();
    cleanups.push(() => browser.close());

    // Not measured: the gateway's and Chromium's first page load.
    await measure(browser, gateway, token, seeded.get(sizes[0]!)!);
    const samples = new Map<number, Sample[]>(sizes.map((size) => [size, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      // Each round starts with a different size, so a slow spell of the machine is spread over all.
      for (let index = 0; index < sizes.length; index += 1) {
        const size = sizes[(index + round) % sizes.length]!;
        samples.get(size)!.push(await measure(browser, gateway, token, seeded.get(size)!));
      }
    }
    report(sizes, seeded, samples);
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
