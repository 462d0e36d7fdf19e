// npm run verify-log: walks the hash chains of the deployment event log and of the audit log and prints,
// per log, how many entries it checked, the hash of the last one, and OK or the first broken entry.
// Exits 1 when a chain is broken. Reads DATABASE_URL, or else the embedded PostgreSQL of a running
// `npm run up` (127.0.0.1, SLIPWAY_POSTGRES_PORT, default 54329). Needs a build (npm run build).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { log, ROOT } from './lib/tools.mjs';

const env = process.env;
const port = env.SLIPWAY_POSTGRES_PORT ?? '54329';
if (!env.DATABASE_URL && !/^\d{1,5}$/.test(port)) {
  log(`SLIPWAY_POSTGRES_PORT must be a TCP port number, got "${port}"`);
  process.exit(78);
}
// The credentials `npm run up` gives its embedded PostgreSQL (libs/db startEmbeddedPostgres).
const databaseUrl = env.DATABASE_URL ?? `postgres://slipway:slipway@127.0.0.1:${port}/slipway`;
const where = env.DATABASE_URL ? 'DATABASE_URL' : `the embedded PostgreSQL of npm run up (127.0.0.1:${port})`;

if (!existsSync(join(ROOT, 'libs', 'history', 'dist', 'index.js'))) {
  log('Slipway is not built: run `npm run build` first');
  process.exit(1);
}
const require = createRequire(import.meta.url);
const { createDataSource } = require(require.resolve('@slipway/db', { paths: [ROOT] }));
const { verifyEventLogs } = require(require.resolve('@slipway/history', { paths: [ROOT] }));

// Reads only: no migrations run, nothing is written.
const dataSource = createDataSource(databaseUrl, 'slipway-verify-log', 1);
try {
  await dataSource.initialize();
} catch (error) {
  const hint = env.DATABASE_URL ? '' : ': is `npm run up` running? Otherwise set DATABASE_URL';
  log(`could not connect to ${where} (${error.message})${hint}`);
  process.exit(1);
}
try {
  const results = await verifyEventLogs(dataSource);
  for (const { log: name, entries, headHash, firstBroken } of results) {
    const verdict = firstBroken === null ? 'OK' : `BROKEN at entry ${firstBroken.id}: ${firstBroken.reason}`;
    process.stdout.write(`${name}: ${entries} entries checked, head ${headHash ?? '(empty)'}, ${verdict}\n`);
  }
  if (results.some(({ firstBroken }) => firstBroken !== null)) process.exitCode = 1;
} catch (error) {
  log(`could not verify the logs in ${where}: ${error.message}`);
  process.exitCode = 1;
} finally {
  await dataSource.destroy();
}
