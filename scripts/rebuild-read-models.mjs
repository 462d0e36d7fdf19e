// npm run rebuild-read-models: empties the read models and replays the event log into them, in one
// transaction (readers see the old ones until it commits). Needs a build (npm run build) and DATABASE_URL.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { log, ROOT } from './lib/tools.mjs';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  log(
    'DATABASE_URL must name the database to rebuild, e.g. postgres://slipway:slipway@127.0.0.1:54329/slipway ' +
      'for the one `npm run up` starts',
  );
  process.exit(78);
}
const rebuild = join(ROOT, 'services', 'audit', 'dist', 'rebuild-read-models.js');
if (!existsSync(rebuild)) {
  log('the audit service is not built: run `npm run build` first');
  process.exit(1);
}
const require = createRequire(import.meta.url);
const { openDatabase } = require(require.resolve('@slipway/db', { paths: [ROOT] }));
const { rebuildReadModels } = require(rebuild);

const dataSource = await openDatabase(databaseUrl, 'slipway-rebuild-read-models', 2);
try {
  const { events, deployments, durationMs } = await rebuildReadModels(dataSource);
  process.stdout.write(
    `Replayed ${events} events of ${deployments} deployments into fresh read models in ${durationMs} ms.\n`,
  );
} catch (error) {
  log(`rebuild failed, the read models are unchanged: ${error.message}`);
  process.exitCode = 1;
} finally {
  await dataSource.destroy();
}
