import { AuditEntryEntity, createApiToken, DeploymentEntity } from '@slipway/db';
import {
  createTestDatabase,
  freePort,
  REPO_ROOT,
  SERVICE_ENTRIES,
  testTemporalAddress,
  type TestDatabase,
} from '@slipway/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { get, type IncomingMessage } from 'node:http';
import { join } from 'node:path';

const DEPLOYMENT_HEADER = [
  'id',
  'project',
  'environment',
  'status',
  'actor',
  'trigger_type',
  'ref',
  'commit_sha',
  'commit_message',
  'artifact_digest',
  'queued_at',
  'started_at',
  'finished_at',
  'duration_seconds',
  'reason',
];

/** RFC 4180, as a spreadsheet reads it: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charAt(index);
    if (quoted) {
      if (char === '"' && text.charAt(index + 1) === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text.charAt(index + 1) === '\n') {
      records.push([...record, field]);
      record = [];
      field = '';
      index += 1;
    } else field += char;
  }
  if (field !== '' || record.length > 0) throw new Error(`the CSV ends inside a record: ${field}`);
  return records;
}

/** The records after the header, as objects keyed by the header's names. */
function csvObjects(text: string): Array<Record<string, string>> {
  const [header = [], ...records] = parseCsv(text);
  return records.map((record) =>
    Object.fromEntries(header.map((name, index) => [name, record[index] ?? ''])),
  );
}

/**
 * Run inside the gateway's process before the gateway itself: each IPC message is answered with the
 * bytes of heap and buffers still live after a full collection, so garbage not yet collected is never
 * taken for memory the export holds.
 */
const MEMORY_PROBE = `
process.on('message', () => {
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  process.send(heapUsed + arrayBuffers);
});
`;

interface ProbedGateway {
  base: string;
  /** The gateway process's live memory now, in bytes. */
  liveMemory(): Promise<number>;
  stop(): Promise<void>;
}

/** The built gateway as its own process, as startGateway runs it, with the memory probe inside. */
async function startProbedGateway(databaseUrl: string): Promise<ProbedGateway> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const main = join(REPO_ROOT, SERVICE_ENTRIES.gateway);
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', '-e', `${MEMORY_PROBE}\nrequire(${JSON.stringify(main)});`],
    {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: databaseUrl,
        TEMPORAL_ADDRESS: testTemporalAddress(),
        SLIPWAY_MODE: 'development',
        SLIPWAY_PUBLIC_URL: base,
        PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit');
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 60_000;
  while (
    !(await fetch(`${base}/readyz`).then(
      (response) => response.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the gateway did not become ready:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    base,
    liveMemory: async () => {
      const answer: Promise<unknown[]> = once(child, 'message');
      child.send('memory');
      const [bytes]: unknown[] = await answer;
      if (typeof bytes !== 'number') throw new Error(`the memory probe answered ${String(bytes)}`);
      return bytes;
    },
    stop,
  };
}

/**
 * CSV exports over HTTP from the built gateway (with a probe inside, so its memory can be watched while a
 * big export streams): authentication and roles, parameter checks, visibility, the file's content, the
 * audit log, and 100,000 deployments streamed in bounded memory.
 */
describe('CSV exports', () => {
  let database: TestDatabase;
  let gateway: ProbedGateway;
  let base: string;
  const tokens = { admin: '', shopViewer: '', deployer: '' };

  beforeAll(async () => {
    database = await createTestDatabase();
    tokens.admin = (await createApiToken(database.dataSource, 'root', ['admin'])).token;
    tokens.shopViewer = (
      await createApiToken(database.dataSource, 'shop-viewer', ['viewer'], { projects: ['shop'] })
    ).token;
    tokens.deployer = (await createApiToken(database.dataSource, 'cy', ['deployer'])).token;
    gateway = await startProbedGateway(database.url);
    base = gateway.base;
  });

  afterAll(async () => {
    await gateway.stop();
    await database.close();
  });

  const USER_AGENT = 'export-test/1.0';
  const download = (path: string, token?: string) =>
    fetch(`${base}${path}`, {
      headers: { 'user-agent': USER_AGENT, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });

  /** The JSON body of a refused request. */
  async function errorOf(response: Response): Promise<{ code: string; message: string; field?: string }> {
    return (await response.json()) as { code: string; message: string; field?: string };
  }

  async function seed(row: Partial<Omit<DeploymentEntity, 'steps'>>): Promise<string> {
    const id = randomUUID();
    await database.dataSource.getRepository(DeploymentEntity).insert({
      id,
      project: 'shop',
      environment: 'staging',
      ref: 'main',
      actor: 'ada',
      trigger: { type: 'manual' },
      status: 'SUCCEEDED',
      commitSha: null,
      commitMessage: null,
      artifactDigest: null,
      approvalsRemaining: null,
      reason: null,
      queuedAt: new Date(Date.UTC(2026, 0, 10)),
      startedAt: null,
      finishedAt: null,
      lastSequence: 1,
      ...row,
    });
    return id;
  }

  describe('small exports', () => {
    const ids = { tricky: '', plain: '', blog: '', old: '' };

    beforeAll(async () => {
      ids.tricky = await seed({
        status: 'ROLLED_BACK',
        actor: 'ada',
        commitSha: 'a'.repeat(40),
        commitMessage: 'Fix "cart", totals\nand tax',
        artifactDigest: 'd'.repeat(64),
        reason: '=HYPERLINK("http://evil.example","click")',
        queuedAt: new Date(Date.UTC(2026, 0, 10, 8, 0, 0)),
        startedAt: new Date(Date.UTC(2026, 0, 10, 8, 0, 5)),
        finishedAt: new Date(Date.UTC(2026, 0, 10, 8, 1, 7, 250)),
      });
      ids.plain = await seed({
        environment: 'production',
        status: 'QUEUED',
        trigger: { type: 'promotion', after: 'staging', deploymentId: ids.tricky },
        queuedAt: new Date(Date.UTC(2026, 0, 11, 9, 30, 0)),
      });
      ids.blog = await seed({ project: 'blog', queuedAt: new Date(Date.UTC(2026, 0, 12)) });
      ids.old = await seed({ queuedAt: new Date(Date.UTC(2025, 11, 1)) });
    });

    const JANUARY = 'since=2026-01-01T00:00:00Z&until=2026-02-01T00:00:00Z';

    it('answers 401 without a token or with a bad one, saying how to authenticate', async () => {
      for (const token of [undefined, 'slw_not-a-token']) {
        const response = await download('/export/deployments.csv', token);
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer');
        expect(await response.json()).toEqual({
          code: 'UNAUTHENTICATED',
          message: 'Send Authorization: Bearer <API token>, or sign in to the console first.',
        });
      }
      expect((await download('/export/audit.csv')).status).toBe(401);
    });

    it('answers 403 to a caller who is not an admin asking for the audit log', async () => {
      const response = await download('/export/audit.csv', tokens.deployer);
      expect(response.status).toBe(403);
      const refusal = await errorOf(response);
      expect(refusal.code).toBe('FORBIDDEN');
      expect(refusal.message).toMatch(/admin/);
    });

    it('answers 400 naming the parameter that is wrong', async () => {
      const cases: Array<[string, string, RegExp]> = [
        ['since=yesterday', 'since', /^since must be an ISO 8601 date-time/],
        ['until=2026-01-31', 'until', /^until must be an ISO 8601 date-time/],
        ['status=FAILED,DONE', 'status', /^status must be one or more of QUEUED, /],
        ['project=Shop!', 'project', /^project must be a lowercase name/],
        [
          'since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z',
          'since',
          /^since must be earlier than until/,
        ],
        ['since=2023-01-01T00:00:00Z&until=2026-01-01T00:00:00Z', 'since', /^since must be at most 2 years/],
      ];
      for (const [query, field, message] of cases) {
        const response = await download(`/export/deployments.csv?${query}`, tokens.admin);
        expect(response.status).toBe(400);
        const refusal = await errorOf(response);
        expect([refusal.code, refusal.field]).toEqual(['BAD_USER_INPUT', field]);
        expect(refusal.message).toMatch(message);
      }
      const misspelt = await download('/export/deployments.csv?sinse=2026-01-01T00:00:00Z', tokens.admin);
      expect(misspelt.status).toBe(400);
      expect((await errorOf(misspelt)).message).toMatch(/^unknown parameter sinse;/);
      const audit = await download('/export/audit.csv?actor=', tokens.admin);
      expect(audit.status).toBe(200);
      const badAudit = await download('/export/audit.csv?until=soon', tokens.admin);
      expect(await errorOf(badAudit)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'until' });
    });

    it('writes the deployments of the range oldest first, as a spreadsheet reads them back', async () => {
      const response = await download(`/export/deployments.csv?${JANUARY}&project=shop`, tokens.admin);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe(
        'attachment; filename="slipway-deployments-20260101T000000Z-20260201T000000Z.csv"',
      );
      const text = await response.text();
      expect(parseCsv(text)[0]).toEqual(DEPLOYMENT_HEADER);
      expect(csvObjects(text)).toEqual([
        {
          id: ids.tricky,
          project: 'shop',
          environment: 'staging',
          status: 'ROLLED_BACK',
          actor: 'ada',
          trigger_type: 'manual',
          ref: 'main',
          commit_sha: 'a'.repeat(40),
          commit_message: 'Fix "cart", totals\nand tax',
          artifact_digest: 'd'.repeat(64),
          queued_at: '2026-01-10T08:00:00.000Z',
          started_at: '2026-01-10T08:00:05.000Z',
          finished_at: '2026-01-10T08:01:07.250Z',
          duration_seconds: '62.25',
          // Read as text, never run as a formula.
          reason: '\'=HYPERLINK("http://evil.example","click")',
        },
        {
          id: ids.plain,
          project: 'shop',
          environment: 'production',
          status: 'QUEUED',
          actor: 'ada',
          trigger_type: 'promotion',
          ref: 'main',
          commit_sha: '',
          commit_message: '',
          artifact_digest: '',
          queued_at: '2026-01-11T09:30:00.000Z',
          started_at: '',
          finished_at: '',
          duration_seconds: '',
          reason: '',
        },
      ]);
    });

    it('filters by environment and status, and shows a caller only the projects it may see', async () => {
      const idsOf = async (query: string, token: string) =>
        csvObjects(await (await download(`/export/deployments.csv?${JANUARY}${query}`, token)).text()).map(
          (row) => row.id,
        );
      expect(await idsOf('', tokens.admin)).toEqual([ids.tricky, ids.plain, ids.blog]);
      expect(await idsOf('&environment=production', tokens.admin)).toEqual([ids.plain]);
      expect(await idsOf('&status=ROLLED_BACK,FAILED', tokens.admin)).toEqual([ids.tricky]);
      expect(await idsOf('', tokens.shopViewer)).toEqual([ids.tricky, ids.plain]);
      expect(await idsOf('&project=blog', tokens.shopViewer)).toEqual([]);
    });

    it('exports the 30 days before until, which is now unless given', async () => {
      const DAY_MS = 86_400_000;
      const recent = await seed({ project: 'recent', queuedAt: new Date(Date.now() - 10 * DAY_MS) });
      await seed({ project: 'recent', queuedAt: new Date(Date.now() - 31 * DAY_MS) });
      const lastMonth = await download('/export/deployments.csv?project=recent', tokens.admin);
      expect(csvObjects(await lastMonth.text()).map((row) => row.id)).toEqual([recent]);

      const untilOnly = await download('/export/deployments.csv?until=2026-01-11T00:00:00Z', tokens.admin);
      expect(untilOnly.headers.get('content-disposition')).toBe(
        'attachment; filename="slipway-deployments-20251212T000000Z-20260111T000000Z.csv"',
      );
      expect(csvObjects(await untilOnly.text()).map((row) => row.id)).toEqual([ids.tricky]);
    });

    it('records each export in the audit log, refusals included, and exports that log for admins', async () => {
      const since = new Date();
      await download(`/export/deployments.csv?${JANUARY}&project=shop&status=FAILED`, tokens.shopViewer);
      await download('/export/audit.csv', tokens.shopViewer);
      const entries = await database.dataSource
        .getRepository(AuditEntryEntity)
        .createQueryBuilder('entry')
        .where('entry.at >= :since', { since })
        .orderBy('entry.id')
        .getMany();
      expect(
        entries.map(({ actor, actorKind, userAgent, action, arguments: args, outcome, code }) => ({
          actor,
          actorKind,
          userAgent,
          action,
          arguments: args,
          outcome,
          code,
        })),
      ).toEqual([
        {
          actor: 'shop-viewer',
          actorKind: 'token',
          userAgent: USER_AGENT,
          action: 'exportDeployments',
          arguments: {
            project: 'shop',
            status: ['FAILED'],
            since: '2026-01-01T00:00:00.000Z',
            until: '2026-02-01T00:00:00.000Z',
          },
          outcome: 'ok',
          code: null,
        },
        {
          actor: 'shop-viewer',
          actorKind: 'token',
          userAgent: USER_AGENT,
          action: 'exportAudit',
          arguments: {},
          outcome: 'denied',
          code: 'FORBIDDEN',
        },
      ]);

      const response = await download(
        `/export/audit.csv?since=${since.toISOString()}&action=exportDeployments`,
        tokens.admin,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toMatch(
        /^attachment; filename="slipway-audit-\d{8}T\d{6}Z-\d{8}T\d{6}Z\.csv"$/,
      );
      const text = await response.text();
      expect(parseCsv(text)[0]).toEqual([
        'id',
        'at',
        'actor',
        'actor_kind',
        'ip',
        'user_agent',
        'action',
        'arguments',
        'outcome',
        'code',
        'message',
      ]);
      const rows = csvObjects(text);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.ip).toMatch(/127\.0\.0\.1/);
      expect(rows).toEqual([
        expect.objectContaining({
          id: entries[0]!.id,
          at: entries[0]!.at.toISOString(),
          actor: 'shop-viewer',
          actor_kind: 'token',
          user_agent: USER_AGENT,
          action: 'exportDeployments',
          outcome: 'ok',
          code: '',
          message: '',
        }),
      ]);
      // JSON, with its quotes and commas, comes back whole.
      expect(JSON.parse(rows[0]!.arguments!)).toEqual(entries[0]!.arguments);
    });
  });

  /**
   * The export is streamed: 100,000 deployments (about 36 MB of CSV) go out while the gateway holds about
   * one batch of them. A reader takes the file slowly; the gateway's live memory (heap and buffers after a
   * full collection) is sampled as it goes, and its peak growth must stay under a quarter of the file's
   * size. Building the file in memory, or writing without waiting for the socket to drain, holds far more.
   */
  it('streams 100,000 deployments in order, each once, in memory far smaller than the file', async () => {
    const ROWS = 100_000;
    await database.dataSource.query(
      `INSERT INTO deployments (id, project, environment, ref, actor, trigger, status, commit_sha, commit_message,
         artifact_digest, queued_at, started_at, finished_at, last_sequence)
       SELECT md5('bulk' || n)::uuid, 'bulk', 'production', 'release-' || n, 'deploy-bot', '{"type":"manual"}',
         'SUCCEEDED', md5(n::text) || left(md5(n::text), 8),
         'Release ' || n || ': update the "cart" totals, the tax rules, and the checkout page',
         repeat(md5(n::text), 2), $1::timestamptz + n * interval '1 second',
         $1::timestamptz + n * interval '1 second' + interval '2 seconds',
         $1::timestamptz + n * interval '1 second' + interval '95 seconds', 9
       FROM generate_series(1, $2) AS n`,
      [new Date(Date.UTC(2026, 2, 1)), ROWS],
    );
    const path = '/export/deployments.csv?project=bulk&since=2026-03-01T00:00:00Z&until=2026-04-01T00:00:00Z';
    // Warm up the route, the query and the CSV code, so what is measured is the export itself.
    await (await download(path.replace('bulk', 'shop'), tokens.admin)).text();
    const baseline = await gateway.liveMemory();

    const response = await new Promise<IncomingMessage>((resolve, reject) =>
      get(`${base}${path}`, { headers: { authorization: `Bearer ${tokens.admin}` } }, resolve).on(
        'error',
        reject,
      ),
    );
    expect(response.statusCode).toBe(200);
    let bytes = 0;
    let restedAt = 0;
    let sampledAt = 0;
    let peak = 0;
    let pending = '';
    let records = 0;
    let outOfOrder: string | null = null;
    for await (const chunk of response as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      const lines = (pending + chunk.toString('utf8')).split('\r\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (records === 0) expect(line).toBe(DEPLOYMENT_HEADER.join(','));
        else if (outOfOrder === null && line.split(',')[6] !== `release-${records}`) outOfOrder = line;
        records += 1;
      }
      // A slow reader, several times slower than the gateway could read the rows: it rests after every
      // 64 KiB, so a gateway that did not wait for it would pile the file up in memory. Every MiB it
      // measures that memory.
      if (bytes - restedAt >= 64 * 1024) {
        restedAt = bytes;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      if (bytes - sampledAt >= 1024 * 1024) {
        sampledAt = bytes;
        peak = Math.max(peak, (await gateway.liveMemory()) - baseline);
      }
    }

    expect(pending).toBe('');
    expect(outOfOrder).toBeNull();
    expect(records).toBe(ROWS + 1);
    // The file is about 36 MB; the gateway may hold at most a quarter of that (about 9 MB) at any time.
    expect(bytes).toBeGreaterThan(25_000_000);
    expect(peak).toBeLessThan(bytes / 4);
  });
});
