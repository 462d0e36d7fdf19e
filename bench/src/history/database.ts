/**
 * The history benchmark's database, kept between runs: generating and loading a million deployments
 * takes minutes, measuring them a minute. It is reused when its marker row says the load finished with
 * this generator, seed and size, the migrations applied to it are exactly the current ones and its
 * schema is what they create today; otherwise (or with --fresh) it is dropped and loaded again.
 */
import { createDataSource, ensureDatabase, openDatabase } from '@slipway/db';
import { createTestDatabase } from '@slipway/testing';
import type { DataSource } from 'typeorm';
import { GENERATOR_VERSION, type HistoryShape } from './generator';
import { HISTORY_TABLES, LOAD_CONNECTIONS, loadHistory } from './loader';

/** Written last, in the same database, once everything is loaded, checked and analysed. */
const MARKER_TABLE = 'bench_history_load';
const APPLICATION = 'slipway-bench-history';

export interface LoadRecord {
  seed: number;
  deployments: number;
  endsAt: Date;
  rows: Record<string, number>;
  loadSeconds: number;
  eventsPerSecond: number;
  vacuumSeconds: number;
  loadedAt: Date;
}

/** A LoadRecord as its JSON comes back. */
type StoredRecord = Omit<LoadRecord, 'endsAt' | 'loadedAt'> & { endsAt: string; loadedAt: string };

export interface HistoryDatabase {
  dataSource: DataSource;
  record: LoadRecord;
  reused: boolean;
}

export function historyDatabaseName(deployments: number, defaultDeployments: number): string {
  const name = `slipway_bench_history_v${GENERATOR_VERSION}`;
  // Another size gets a database of its own, so a small trial run never throws the big one away.
  return deployments === defaultDeployments ? name : `${name}_${deployments}`;
}

export async function openHistoryDatabase(options: {
  name: string;
  seed: number;
  deployments: number;
  fresh: boolean;
  log: (line: string) => void;
}): Promise<HistoryDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set: run through npm run bench');
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const url = new URL(serverUrl);
  url.pathname = `/${options.name}`;

  if (!options.fresh) {
    const kept = await openKept(admin.toString(), url.toString(), options);
    if (kept !== null) return { ...kept, reused: true };
  }
  await dropDatabase(admin.toString(), options.name);
  await ensureDatabase(admin.toString(), options.name);
  const dataSource = await openDatabase(url.toString(), APPLICATION, LOAD_CONNECTIONS + 2);
  try {
    const shape: HistoryShape = {
      seed: options.seed,
      deployments: options.deployments,
      end: startOfUtcDay(new Date()),
    };
    options.log(
      `generating ${shape.deployments.toLocaleString('en')} deployments (seed ${shape.seed}, ending ` +
        `${shape.end.toISOString()}) into ${options.name} with COPY…`,
    );
    const loaded = await loadHistory(dataSource, shape, options.log);
    options.log(`vacuuming and analysing…`);
    const vacuumStarted = performance.now();
    for (const table of HISTORY_TABLES) await dataSource.query(`VACUUM (ANALYZE) ${table}`);
    const record: LoadRecord = {
      seed: shape.seed,
      deployments: shape.deployments,
      endsAt: shape.end,
      rows: loaded.rows,
      loadSeconds: loaded.seconds,
      eventsPerSecond: loaded.eventsPerSecond,
      vacuumSeconds: (performance.now() - vacuumStarted) / 1000,
      loadedAt: new Date(),
    };
    await writeMarker(dataSource, record);
    return { dataSource, record, reused: false };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

/** The kept database, when it holds a complete load of this shape on the current migrations. */
async function openKept(
  adminUrl: string,
  url: string,
  expected: { name: string; seed: number; deployments: number; log: (line: string) => void },
): Promise<{ dataSource: DataSource; record: LoadRecord } | null> {
  const server = createDataSource(adminUrl, APPLICATION);
  await server.initialize();
  try {
    const found = await server.query<unknown[]>('SELECT 1 FROM pg_database WHERE datname = $1', [
      expected.name,
    ]);
    if (found.length === 0) return null;
  } finally {
    await server.destroy();
  }
  // Opened without migrating: a database migrated after its load is not the one that was measured.
  const dataSource = createDataSource(url, APPLICATION, 4);
  await dataSource.initialize();
  const record = await readMarker(dataSource);
  const why = record === null ? 'its load never finished' : await staleBecause(dataSource, record, expected);
  if (record !== null && why === null) return { dataSource, record };
  expected.log(`${expected.name} is loaded again: ${why ?? ''}`);
  await dataSource.destroy();
  return null;
}

async function staleBecause(
  dataSource: DataSource,
  record: LoadRecord,
  expected: { seed: number; deployments: number },
): Promise<string | null> {
  if (record.seed !== expected.seed || record.deployments !== expected.deployments) {
    return `it holds ${record.deployments} deployments of seed ${record.seed}`;
  }
  const applied = await dataSource.query<Array<{ name: string }>>('SELECT name FROM migrations ORDER BY id');
  const current = dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name);
  if (applied.map(({ name }) => name).join() !== current.join()) {
    return 'its migrations are not the current ones';
  }
  // A migration edited in place keeps its name: the schema itself must be what migrating gives today.
  const reference = await createTestDatabase({ prefix: 'slipway_bench_history_schema' });
  try {
    if ((await schemaFingerprint(dataSource)) !== (await schemaFingerprint(reference.dataSource))) {
      return 'its schema differs from what the current migrations create';
    }
  } finally {
    await reference.drop();
  }
  return null;
}

/** Columns, constraints, indexes, triggers and functions of the public schema, hashed. */
async function schemaFingerprint(dataSource: DataSource): Promise<string> {
  const [row] = await dataSource.query<Array<{ fingerprint: string }>>(
    `SELECT md5(string_agg(line, E'\n' ORDER BY line)) AS fingerprint FROM (
       SELECT concat_ws(' ', 'column', table_name, column_name, data_type, is_nullable, column_default,
         generation_expression) AS line
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> $1
       UNION ALL
       SELECT concat_ws(' ', 'constraint', conrelid::regclass, conname, pg_get_constraintdef(oid))
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace
       UNION ALL
       SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
       UNION ALL
       SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
       UNION ALL
       SELECT concat_ws(' ', 'function', proname, md5(prosrc)) FROM pg_proc
       WHERE pronamespace = 'public'::regnamespace
     ) schema`,
    [MARKER_TABLE],
  );
  return row?.fingerprint ?? '';
}

async function readMarker(dataSource: DataSource): Promise<LoadRecord | null> {
  const [exists] = await dataSource.query<Array<{ found: boolean }>>(
    'SELECT to_regclass($1) IS NOT NULL AS found',
    [MARKER_TABLE],
  );
  if (exists?.found !== true) return null;
  const [row] = await dataSource.query<Array<{ record: StoredRecord }>>(`SELECT record FROM ${MARKER_TABLE}`);
  if (row === undefined) return null;
  return { ...row.record, endsAt: new Date(row.record.endsAt), loadedAt: new Date(row.record.loadedAt) };
}

async function writeMarker(dataSource: DataSource, record: LoadRecord): Promise<void> {
  await dataSource.query(`CREATE TABLE ${MARKER_TABLE} (record jsonb NOT NULL)`);
  await dataSource.query(`INSERT INTO ${MARKER_TABLE} (record) VALUES ($1)`, [JSON.stringify(record)]);
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const server = createDataSource(adminUrl, APPLICATION);
  await server.initialize();
  try {
    await server.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await server.destroy();
  }
}

function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}
