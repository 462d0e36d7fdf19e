import { ensureDatabase, openDatabase } from '@slipway/db';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** A new, migrated database on the run's PostgreSQL server: no test sees another's rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set: run the tests with npm test');
  const name = `slipway_test_${randomBytes(6).toString('hex')}`;
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  await ensureDatabase(admin.toString(), name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dataSource = await openDatabase(url.toString(), 'slipway-test');
  return { url: url.toString(), dataSource, close: () => dataSource.destroy() };
}
