// npm run up: installs what is missing, then runs all of Slipway on this machine until Ctrl-C.
import { resolve, join } from 'node:path';
import { build, ensureDependencies, ensureTemporalCli, log, ROOT } from './lib/tools.mjs';

const env = process.env;
const home = resolve(env.SLIPWAY_HOME ?? join(ROOT, '.slipway'));
const port = (name, fallback) => {
  const value = env[name] ?? String(fallback);
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    log(`${name} must be a TCP port number, got "${value}"`);
    process.exit(78);
  }
  return Number(value);
};
const ports = {
  gateway: port('SLIPWAY_PORT', 4000),
  temporal: port('SLIPWAY_TEMPORAL_PORT', 7233),
  temporalUi: port('SLIPWAY_TEMPORAL_UI_PORT', 8233),
  postgres: port('SLIPWAY_POSTGRES_PORT', 54329),
  demoBase: port('SLIPWAY_DEMO_PORT_BASE', 4101),
  webhooks: port('SLIPWAY_WEBHOOK_PORT', 4001),
};

ensureDependencies();
const temporalCli = env.TEMPORAL_ADDRESS ? null : ensureTemporalCli();
if (env.SLIPWAY_SKIP_BUILD !== '1') build();

const { startStack } = await import('./lib/stack.mjs');
const abort = new AbortController();
let starting = null;
let stopping = false;
// Installed before anything starts, so Ctrl-C during start-up still stops what did start.
const shutdown = async (signal) => {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping…`);
  abort.abort();
  // A stack still starting stops what it started and rejects; a started one is stopped here.
  await starting?.then(
    (stack) => stack.stop(),
    () => undefined,
  );
  log('stopped');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

starting = startStack({ home, ports, temporalCli, signal: abort.signal });
const stack = await starting.catch((error) => {
  if (!stopping) {
    log(`could not start: ${error.message}`);
    process.exit(1);
  }
  return null;
});
if (stack && !stopping) {
  const { endpoints, adminToken } = stack;
  process.stdout.write(`
Slipway is up.
  Console      ${endpoints.web}/#token=${adminToken}
  GraphQL      ${endpoints.graphql}  (Authorization: Bearer $(cat ${join(home, 'admin-token')}))
  Temporal UI  ${endpoints.temporalUi ?? '(external Temporal)'}
  Demo repo    ${endpoints.demo.repositoryUrl}  (development :${endpoints.demo.ports.development}, staging :${endpoints.demo.ports.staging}, production :${endpoints.demo.ports.production})
  Endpoints    ${join(home, 'endpoints.json')}
Press Ctrl-C to stop.
`);
}
