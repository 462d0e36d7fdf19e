import { createDataSource, EnvironmentReleaseEntity, MIGRATIONS } from '@slipway/db';
import type { DeploymentStatus } from '@slipway/domain';
import { createTestDatabase, type TestDatabase } from '@slipway/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  currentReleases,
  listDeployments,
  type DeploymentCursor,
  type DeploymentPage,
  type HistoryFilter,
} from './history';

interface Row {
  id: string;
  project: string;
  environment: string;
  ref: string;
  actor: string;
  status: DeploymentStatus;
  commitSha: string | null;
  commitMessage: string | null;
  reason: string | null;
  /** To the microsecond, as PostgreSQL keeps it. */
  queuedAt: string;
  finishedAt: string | null;
}

const PREFIXES = ['abcd', 'abce', '1234', 'dead', 'beef', 'cafe'];
const STATUSES: DeploymentStatus[] = ['SUCCEEDED', 'FAILED', 'ROLLED_BACK', 'CANCELLED'];

/** An instant in January 2026, to the microsecond. */
const at = (hour: number, micros = 0) =>
  new Date(Date.UTC(2026, 0, 1, hour)).toISOString().replace('.000Z', `.${String(micros).padStart(6, '0')}Z`);

function row(overrides: Partial<Row> & Pick<Row, 'queuedAt'>): Row {
  return {
    id: randomUUID(),
    project: 'shop',
    environment: 'production',
    ref: 'main',
    actor: 'ada',
    status: 'SUCCEEDED',
    commitSha: null,
    commitMessage: null,
    reason: null,
    finishedAt: null,
    ...overrides,
  };
}

/** Inserts straight into the read model, with queued_at to the microsecond. */
async function insert(dataSource: DataSource, rows: readonly Row[]): Promise<void> {
  const column = <Key extends keyof Row>(key: Key) => rows.map((r) => r[key]);
  await dataSource.query(
    `INSERT INTO deployments (id, project, environment, ref, actor, status, commit_sha, commit_message,
       reason, queued_at, finished_at, last_sequence)
     SELECT *, 1 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
       $7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::timestamptz[])`,
    [
      column('id'),
      column('project'),
      column('environment'),
      column('ref'),
      column('actor'),
      column('status'),
      column('commitSha'),
      column('commitMessage'),
      column('reason'),
      column('queuedAt'),
      column('finishedAt'),
    ],
  );
}

/** A uuid just below (-1n) or above (1n) this one, as PostgreSQL orders them; a random step keeps it new. */
function nearId(id: string, direction: bigint): string {
  const step = BigInt(1 + Math.floor(Math.random() * 2 ** 40));
  const hex = (BigInt(`0x${id.replaceAll('-', '')}`) + direction * step).toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Newest first, the id breaking ties: the order every page walks. */
const newestFirst = (a: Pick<Row, 'queuedAt' | 'id'>, b: Pick<Row, 'queuedAt' | 'id'>) =>
  a.queuedAt === b.queuedAt ? (a.id < b.id ? 1 : -1) : a.queuedAt < b.queuedAt ? 1 : -1;

/** A varied history of three projects: every filter has something to keep and something to drop. */
function history(): Row[] {
  return Array.from({ length: 36 }, (_, index) => {
    const status = STATUSES[index % 4]!;
    return row({
      project: ['shop', 'blog', 'docs'][index % 3]!,
      environment: ['development', 'staging', 'production'][Math.floor(index / 3) % 3]!,
      actor: index % 5 === 0 ? 'bo' : 'ada',
      ref: index % 9 === 0 ? 'checkout-timeout' : 'main',
      status,
      commitSha: index === 35 ? null : PREFIXES[index % 6]!.repeat(10),
      commitMessage:
        index % 7 === 0
          ? 'Fix the health check of the cart'
          : index % 7 === 1
            ? 'Faster checkout'
            : `Change ${index}`,
      reason:
        status === 'FAILED'
          ? index % 8 === 1
            ? 'health check timed out'
            : 'build failed: disk full'
          : status === 'ROLLED_BACK'
            ? 'smoke test failed after timeout'
            : null,
      // Three queued at the very same microsecond.
      queuedAt: index >= 20 && index < 23 ? at(20, 123456) : at(index, index * 1000 + 7),
    });
  });
}

describe('deployment history', () => {
  let database: TestDatabase;
  let rows: Row[];

  beforeAll(async () => {
    database = await createTestDatabase();
    rows = history();
    await insert(database.dataSource, rows);
  });

  afterAll(() => database.close());

  /** Every page in turn, following endCursor, as the ids listed. */
  async function walk(filter: HistoryFilter, first = 4): Promise<string[]> {
    const ids: string[] = [];
    let cursor: DeploymentCursor | null = null;
    for (;;) {
      const page = await listDeployments(database.dataSource, filter, first, cursor);
      ids.push(...page.deployments.map((deployment) => deployment.id));
      if (!page.hasNextPage) return ids;
      cursor = page.endCursor;
    }
  }

  const expected = (match: (r: Row) => boolean) =>
    rows
      .filter(match)
      .sort(newestFirst)
      .map((r) => r.id);

  const text = (r: Row) => `${r.commitMessage ?? ''} ${r.reason ?? ''}`.toLowerCase();

  const cases: Array<[string, Omit<HistoryFilter, 'projects'>, (r: Row) => boolean]> = [
    ['project', { project: 'blog' }, (r) => r.project === 'blog'],
    ['environment', { environment: 'staging' }, (r) => r.environment === 'staging'],
    [
      'any of several statuses',
      { status: ['FAILED', 'ROLLED_BACK'] },
      (r) => r.status === 'FAILED' || r.status === 'ROLLED_BACK',
    ],
    ['actor', { actor: 'bo' }, (r) => r.actor === 'bo'],
    ['a commit prefix, in capitals', { commit: 'ABCD' }, (r) => r.commitSha?.startsWith('abcd') ?? false],
    ['a whole sha', { commit: 'dead'.repeat(10) }, (r) => r.commitSha === 'dead'.repeat(10)],
    ['queued from', { queuedFrom: new Date(at(20, 123456)) }, (r) => r.queuedAt >= at(20, 123456)],
    ['queued before', { queuedTo: new Date(at(20, 123456)) }, (r) => r.queuedAt < at(20, 123456)],
    ['a word of the commit message', { search: 'checkout' }, (r) => text(r).includes('faster checkout')],
    ['a word of the failure reason', { search: 'timeout' }, (r) => text(r).includes('after timeout')],
    ['words in capitals', { search: 'DISK Full' }, (r) => text(r).includes('disk full')],
    [
      'a phrase, without a word',
      { search: '"health check" -timeout' },
      (r) => text(r).includes('health check') && !/\btimeout\b/.test(text(r)),
    ],
    [
      'everything at once',
      {
        project: 'shop',
        environment: 'development',
        status: ['FAILED', 'ROLLED_BACK'],
        actor: 'ada',
        commit: 'abcd',
        queuedFrom: new Date(at(0)),
        queuedTo: new Date(at(30)),
        search: 'timeout',
      },
      (r) =>
        r.project === 'shop' &&
        r.environment === 'development' &&
        (r.status === 'FAILED' || r.status === 'ROLLED_BACK') &&
        r.actor === 'ada' &&
        (r.commitSha?.startsWith('abcd') ?? false) &&
        r.queuedAt < at(30) &&
        /\btimeout\b/.test(text(r)),
    ],
    [
      'two filters',
      { environment: 'production', search: 'failed' },
      (r) => r.environment === 'production' && /\bfailed\b/.test(text(r)),
    ],
  ];

  it.each(cases)('filters by %s, page after page', async (_, filter, match) => {
    const wanted = expected(match);
    // Each filter keeps some and drops some, so it can fail.
    expect(wanted.length).toBeGreaterThan(0);
    expect(wanted.length).toBeLessThan(rows.length);
    expect(await walk({ ...filter, projects: null })).toEqual(wanted);
  });

  it('lists everything newest first with no filter, ties broken by id', async () => {
    expect(await walk({ projects: null }, 5)).toEqual(expected(() => true));
  });

  it('lists only the projects the reader may see', async () => {
    expect(await walk({ projects: ['shop', 'docs'] })).toEqual(
      expected((r) => r.project === 'shop' || r.project === 'docs'),
    );
    expect(await walk({ projects: ['shop', 'docs'], project: 'docs', status: ['FAILED'] })).toEqual(
      expected((r) => r.project === 'docs' && r.status === 'FAILED'),
    );
    expect(await walk({ projects: ['shop'], project: 'blog' })).toEqual([]);
    expect(await walk({ projects: [] })).toEqual([]);
  });

  it('finds words in the commit message and the failure reason only', async () => {
    const elsewhere = row({
      project: 'zebra',
      environment: 'zebra',
      ref: 'zebra',
      actor: 'zebra',
      commitSha: 'f'.repeat(40),
      commitMessage: 'Nothing to see',
      queuedAt: at(100),
    });
    const inMessage = row({ project: 'zoo', commitMessage: 'Feed the zebra', queuedAt: at(101) });
    const inReason = row({ project: 'zoo', status: 'FAILED', reason: 'zebra escaped', queuedAt: at(102) });
    await insert(database.dataSource, [elsewhere, inMessage, inReason]);
    expect(await walk({ projects: ['zebra', 'zoo'], search: 'zebra' })).toEqual([inReason.id, inMessage.id]);
    expect(await walk({ projects: ['zebra', 'zoo'], search: 'zebra -escaped' })).toEqual([inMessage.id]);
    expect(await walk({ projects: ['zebra', 'zoo'], search: 'sea' })).toEqual([]);
  });

  it('walks the history for a search that matches many deployments, as for one that matches few', async () => {
    const many = Array.from({ length: 1200 }, (_, index) =>
      row({
        project: 'busy',
        commitMessage: `Common change ${index % 2 === 0 ? 'even' : 'odd'}`,
        queuedAt: at(400 + Math.floor(index / 3), index % 3),
      }),
    );
    await insert(database.dataSource, many);
    const matching = (match: (r: Row) => boolean) =>
      many
        .filter(match)
        .sort(newestFirst)
        .map((r) => r.id);
    expect(await walk({ projects: null, search: 'common' }, 100)).toEqual(matching(() => true));
    expect(await walk({ projects: ['busy'], search: 'common -odd' }, 100)).toEqual(
      matching((r) => r.commitMessage!.endsWith('even')),
    );
    expect(await walk({ projects: null, search: 'common', status: ['FAILED'] })).toEqual([]);
  });

  it('returns every deployment exactly once while others insert new ones, older, newer and tied', async () => {
    const project = 'paging';
    const original = Array.from({ length: 40 }, (_, index) =>
      // Pairs queued at the very same microsecond.
      row({ project, queuedAt: at(200 + Math.floor(index / 2), 500) }),
    );
    await insert(database.dataSource, original);
    const other = await createDataSource(database.url, 'slipway-test-other', 2).initialize();
    try {
      const ids: string[] = [];
      const ahead: string[] = [];
      const behind: string[] = [];
      let cursor: DeploymentCursor | null = null;
      for (let page = 0; ; page += 1) {
        // Another connection inserts while the page is read: it may or may not be on this page.
        const [result]: [DeploymentPage, void] = await Promise.all([
          listDeployments(database.dataSource, { projects: [project] }, 6, cursor),
          insert(other, [row({ project, queuedAt: at(200 + (page % 20), 500 + page + 1) })]),
        ]);
        ids.push(...result.deployments.map((deployment) => deployment.id));
        if (!result.hasNextPage || !result.endCursor) break;
        cursor = result.endCursor;
        // Then, before the next page: one newer than any, one older than any, and two tied with the cursor.
        const newer = row({ project, queuedAt: at(300, page) });
        const older = row({ project, queuedAt: at(100 - page) });
        const tiedAhead = row({ project, queuedAt: cursor.queuedAt, id: nearId(cursor.id, -1n) });
        const tiedBehind = row({ project, queuedAt: cursor.queuedAt, id: nearId(cursor.id, 1n) });
        await insert(other, [newer, older, tiedAhead, tiedBehind]);
        ahead.push(older.id, tiedAhead.id);
        behind.push(newer.id, tiedBehind.id);
      }
      expect(new Set(ids).size).toBe(ids.length);
      for (const r of original) expect(ids.filter((id) => id === r.id)).toHaveLength(1);
      for (const id of ahead) expect(ids).toContain(id);
      for (const id of behind) expect(ids).not.toContain(id);
      // The originals keep their order among whatever else was listed.
      expect(ids.filter((id) => original.some((r) => r.id === id))).toEqual(
        [...original].sort(newestFirst).map((r) => r.id),
      );
    } finally {
      await other.destroy();
    }
  });
});

describe('current releases', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(() => database.close());

  it('gives what runs in each environment of the projects asked for, and what ran before', async () => {
    const ids = { shop: randomUUID(), before: randomUUID(), staging: randomUUID(), blog: randomUUID() };
    const releases = database.dataSource.getRepository(EnvironmentReleaseEntity);
    const running = (
      project: string,
      environment: string,
      deploymentId: string,
      commitSha: string,
      commitMessage: string | null,
    ) => ({
      project,
      environment,
      deploymentId,
      ref: 'main',
      commitSha,
      commitMessage,
      artifactDigest: 'd'.repeat(64),
      actor: 'ada',
      deployedAt: new Date(at(5)),
      previousDeploymentId: null,
      previousCommitSha: null,
      previousDeployedAt: null,
    });
    await releases.insert([
      {
        ...running('shop', 'production', ids.shop, 'b'.repeat(40), null),
        previousDeploymentId: ids.before,
        previousCommitSha: 'a'.repeat(40),
        previousDeployedAt: new Date(at(2)),
      },
      running('shop', 'staging', ids.staging, 'b'.repeat(40), 'Faster checkout'),
      running('blog', 'production', ids.blog, 'c'.repeat(40), 'New theme'),
      running('docs', 'production', randomUUID(), 'e'.repeat(40), 'Typo'),
    ]);
    // An older deployment may lack the commit message; its release has it.
    await database.dataSource.query(
      `INSERT INTO releases (project, commit_sha, commit_message, artifact_digest, artifact_size, created_at)
       VALUES ('shop', $1, 'Faster checkout (from the release)', $2, 1024, now())`,
      ['b'.repeat(40), 'd'.repeat(64)],
    );

    const found = await currentReleases(database.dataSource, ['shop', 'blog']);
    expect(found.map((release) => `${release.project}/${release.environment}`)).toEqual([
      'blog/production',
      'shop/production',
      'shop/staging',
    ]);
    expect(found[1]).toEqual({
      project: 'shop',
      environment: 'production',
      current: {
        deploymentId: ids.shop,
        ref: 'main',
        commitSha: 'b'.repeat(40),
        commitMessage: 'Faster checkout (from the release)',
        artifactDigest: 'd'.repeat(64),
        deployedBy: 'ada',
        deployedAt: new Date(at(5)),
      },
      previous: { deploymentId: ids.before, commitSha: 'a'.repeat(40), deployedAt: new Date(at(2)) },
    });
    expect(found[2]).toMatchObject({ current: { commitMessage: 'Faster checkout' }, previous: null });
    await expect(currentReleases(database.dataSource, [])).resolves.toEqual([]);
  });

  it('are filled by the migration from the deployments already there: the newest success by finish', async () => {
    const fresh = await createTestDatabase();
    try {
      const ReadModels = MIGRATIONS.find((migration) => migration.name === 'ReadModels1764260000000')!;
      const runner = fresh.dataSource.createQueryRunner();
      await new ReadModels().down(runner);
      const production = {
        first: row({ status: 'SUCCEEDED', queuedAt: at(1), finishedAt: at(2), commitSha: '1'.repeat(40) }),
        // Queued before the one above, succeeded after it.
        slow: row({ status: 'SUCCEEDED', queuedAt: at(0), finishedAt: at(3), commitSha: '2'.repeat(40) }),
        failed: row({ status: 'FAILED', queuedAt: at(4), finishedAt: at(5), commitSha: '3'.repeat(40) }),
        oldest: row({
          status: 'SUCCEEDED',
          queuedAt: at(0, 1),
          finishedAt: at(1),
          commitSha: '4'.repeat(40),
        }),
      };
      const staging = row({
        environment: 'staging',
        queuedAt: at(1),
        finishedAt: at(2),
        commitMessage: 'Hi',
      });
      const qa = row({ environment: 'qa', status: 'ROLLED_BACK', queuedAt: at(1), finishedAt: at(2) });
      await insert(fresh.dataSource, [...Object.values(production), staging, qa]);
      await new ReadModels().up(runner);
      await runner.release();

      const found = await currentReleases(fresh.dataSource, ['shop']);
      expect(
        found.map((release) => [release.environment, release.current.deploymentId, release.previous]),
      ).toEqual([
        [
          'production',
          production.slow.id,
          { deploymentId: production.first.id, commitSha: '1'.repeat(40), deployedAt: new Date(at(2)) },
        ],
        ['staging', staging.id, null],
      ]);
      expect(found[1]?.current).toMatchObject({ commitMessage: 'Hi', deployedAt: new Date(at(2)) });
    } finally {
      await fresh.drop();
    }
  });
});
