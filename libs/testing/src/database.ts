import { createDataSource, ensureDatabase, openDatabase } from '@slipway/db';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  close(): Promise<void>;
  /** Closes the pool and drops the database (benchmarks clean up after themselves). */
  drop(): Promise<void>;
}

/** A new, migrated database on the run's PostgreSQL server: no test sees another's rows. */
export async function createTestDatabase({
  prefix = 'slipway_test',
  poolSize,
}: { prefix?: string; poolSize?: number } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set: run through npm test or npm run bench');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  await ensureDatabase(admin.toString(), name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dataSource = await openDatabase(url.toString(), 'slipway-test', poolSize);
  const close = () => dataSource.destroy();
  return {
    url: url.toString(),
    dataSource,
    close,
    drop: async () => {
      if (dataSource.isInitialized) await close();
      const server = await openServer(admin.toString());
      try {
        await server.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await server.destroy();
      }
    },
  };
}

/** The server's maintenance database, without migrations. */
async function openServer(adminUrl: string): Promise<DataSource> {
  const server = createDataSource(adminUrl, 'slipway-test');
  await server.initialize();
  return server;
}
