// Once per `jest` run: a Temporal dev server (in memory) and a PostgreSQL server. DATABASE_URL set =
// that server (each test file creates its own database on it); unset = an embedded PostgreSQL.
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startEmbeddedPostgres, startTemporalDevServer } from './infra.mjs';
import { ensureTemporalCli, ensureTemporalTestServer } from './tools.mjs';

export default async function globalSetup() {
  const started = [];
  globalThis.__slipwayTestInfra = started;
  const scratch = mkdtempSync(join(tmpdir(), 'slipway-test-'));
  chmodSync(scratch, 0o755); // the embedded PostgreSQL runs as the postgres user when we are root
  process.env.SLIPWAY_TEST_SCRATCH = scratch;
  process.env.SLIPWAY_TEMPORAL_TEST_SERVER = ensureTemporalTestServer();
  if (!process.env.SLIPWAY_TEST_TEMPORAL_ADDRESS) {
    const temporal = await startTemporalDevServer({ cli: ensureTemporalCli(), port: await freePort() });
    started.push(temporal);
    process.env.SLIPWAY_TEST_TEMPORAL_ADDRESS = temporal.address;
  }
  if (!process.env.DATABASE_URL) {
    const postgres = await startEmbeddedPostgres(join(scratch, 'pg'), await freePort());
    started.push(postgres);
    process.env.DATABASE_URL = postgres.databaseUrl;
  }
}
