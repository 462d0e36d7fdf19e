// All of Slipway on one machine: PostgreSQL, Temporal, every service, the gateway and the console.
import { spawn } from 'node:child_process';
import {
  chmodSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { seedDemoRepository, stopDemoApps } from './demo.mjs';
import {
  assertPortsFree,
  freePort,
  startEmbeddedPostgres,
  startTemporalDevServer,
  stopLeftoverPostgres,
  stopLeftoverTemporal,
  waitFor,
} from './infra.mjs';
import { ROOT, log } from './tools.mjs';

const require = createRequire(import.meta.url);
const db = () => require(require.resolve('@slipway/db', { paths: [ROOT] }));
const domain = () => require(require.resolve('@slipway/domain', { paths: [ROOT] }));

const WORKERS = ['audit', 'vcs', 'notifications', 'runner'];
/** How the demo repository is known to webhooks, as a GitHub repository would be. */
const DEMO_GITHUB_REPOSITORY = 'slipway-demo/hello';
const DEMO_EMAIL = 'team@hello.local';

export async function startStack({ home, ports, temporalCli, signal, env = process.env }) {
  mkdirSync(join(home, 'logs'), { recursive: true });
  const stoppers = [];
  const checkpoint = () => {
    if (signal?.aborted) throw new Error('start-up interrupted');
  };
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) {
      await stopOne().catch((error) => log(`while stopping: ${error.message}`));
    }
  };
  try {
    // A previous run that crashed may have left its servers running on our data: stop them first.
    if (!env.DATABASE_URL) await stopLeftoverPostgres(join(home, 'pg'));
    if (!env.TEMPORAL_ADDRESS) await stopLeftoverTemporal(join(home, 'temporal.db'));
    await assertPortsFree({
      SLIPWAY_PORT: ports.gateway,
      SLIPWAY_WEBHOOK_PORT: ports.webhooks,
      ...(env.DATABASE_URL ? {} : { SLIPWAY_POSTGRES_PORT: ports.postgres }),
      ...(env.TEMPORAL_ADDRESS
        ? {}
        : { SLIPWAY_TEMPORAL_PORT: ports.temporal, SLIPWAY_TEMPORAL_UI_PORT: ports.temporalUi }),
    });
    let databaseUrl = env.DATABASE_URL;
    if (!databaseUrl) {
      log(`starting embedded PostgreSQL on 127.0.0.1:${ports.postgres} (data in ${join(home, 'pg')})…`);
      const postgres = await startEmbeddedPostgres(join(home, 'pg'), ports.postgres);
      stoppers.push(() => postgres.stop());
      databaseUrl = postgres.databaseUrl;
    }
    checkpoint();
    let temporalAddress = env.TEMPORAL_ADDRESS;
    let temporalUi = null;
    if (!temporalAddress) {
      log(
        `starting the Temporal dev server on 127.0.0.1:${ports.temporal} (state in ${join(home, 'temporal.db')})…`,
      );
      const temporal = await startTemporalDevServer({
        cli: temporalCli,
        port: ports.temporal,
        uiPort: ports.temporalUi,
        dbFile: join(home, 'temporal.db'),
        logFile: openSync(join(home, 'logs', 'temporal.log'), 'a'),
      });
      stoppers.push(() => temporal.stop());
      temporalAddress = temporal.address;
      temporalUi = ports.temporalUi ? `http://127.0.0.1:${ports.temporalUi}` : null;
    }
    checkpoint();

    const secretKey = env.SLIPWAY_SECRET_KEY ?? installationKey(home);
    const webhookBase = `http://127.0.0.1:${ports.webhooks}`;
    const { project, adminToken } = await prepareDatabase(databaseUrl, home, ports.demoBase, {
      secretKey,
      webhookUrl: `${webhookBase}/webhooks/github`,
    });
    const publicUrl = `http://127.0.0.1:${ports.gateway}`;
    const common = {
      ...env,
      SLIPWAY_SECRET_KEY: secretKey,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE ?? 'default',
      SLIPWAY_HOME: home,
      SLIPWAY_PUBLIC_URL: publicUrl,
      LOG_LEVEL: env.LOG_LEVEL ?? 'info',
    };
    stoppers.push(async () => {
      const stopped = await stopDemoApps(home);
      if (stopped > 0) log(`stopped ${stopped} demo app(s)`);
    });
    const health = {};
    const services = [];
    stoppers.push(() => Promise.all(services.map((service) => service.stop())));
    for (const name of WORKERS) {
      const healthPort = await freePort();
      health[name] = `http://127.0.0.1:${healthPort}/readyz`;
      const service = superviseService(name, `services/${name}/dist/main.js`, home, {
        ...common,
        DATABASE_URL: databaseUrl,
        HEALTH_PORT: String(healthPort),
        WEBHOOK_PORT: String(ports.webhooks),
      });
      services.push(service);
    }
    const gateway = superviseService('gateway', 'gateway/dist/main.js', home, {
      ...common,
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(ports.gateway),
      SLIPWAY_WEB_DIR: join(ROOT, 'web', 'dist'),
      SLIPWAY_MODE: 'development',
      SLIPWAY_WEBHOOK_URL: webhookBase,
    });
    services.push(gateway);
    health.gateway = `${publicUrl}/readyz`;
    for (const [name, url] of Object.entries(health)) {
      checkpoint();
      await waitFor(`${name} (${url})`, async () => (await fetch(url)).ok, 90_000);
    }

    const endpoints = {
      graphql: `${publicUrl}/graphql`,
      graphqlWs: `ws://127.0.0.1:${ports.gateway}/graphql`,
      web: publicUrl,
      webhooks: { github: `${webhookBase}/webhooks/github`, gitlab: `${webhookBase}/webhooks/gitlab` },
      temporal: temporalAddress,
      temporalUi,
      health,
      demo: project,
    };
    writeFileSync(join(home, 'endpoints.json'), `${JSON.stringify(endpoints, null, 2)}\n`);
    return { endpoints, adminToken, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The installation's key for secrets kept in the database: made once, kept in $SLIPWAY_HOME/secret-key (0600). */
function installationKey(home) {
  const file = join(home, 'secret-key');
  if (!existsSync(file)) writeFileSync(file, `${db().SecretBox.generateKey()}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}

/**
 * Migrations, the demo project (connected as the GitHub repository slipway-demo/hello, its git hooks
 * sending signed push webhooks) and the bootstrap admin token (kept in $SLIPWAY_HOME/admin-token, 0600).
 */
async function prepareDatabase(databaseUrl, home, demoPortBase, { secretKey, webhookUrl }) {
  const { openDatabase, ProjectEntity, ApiTokenEntity, hashApiToken, createApiToken } = db();
  const dataSource = await openDatabase(databaseUrl, 'slipway-up');
  try {
    const demo = await seedDemoRepository(home, { portBase: demoPortBase });
    await dataSource.getRepository(ProjectEntity).upsert(
      {
        name: demo.name,
        repositoryUrl: demo.repositoryUrl,
        vcsProvider: 'github',
        vcsRepository: DEMO_GITHUB_REPOSITORY,
      },
      ['name'],
    );
    await connectDemoWebhook(dataSource, home, demo, { secretKey, webhookUrl });
    // Failures and approvals of the demo are emailed to the team (into $SLIPWAY_HOME/outbox without SMTP_HOST).
    await dataSource.query(
      `INSERT INTO notification_settings (project, environment, events, slack_channels, email_recipients, updated_by)
       VALUES ($1, '*', $2, '{}', $3, 'slipway up') ON CONFLICT DO NOTHING`,
      [demo.name, domain().DEFAULT_NOTIFICATION_EVENTS, [DEMO_EMAIL]],
    );
    const tokenFile = join(home, 'admin-token');
    let adminToken = existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : null;
    const known =
      adminToken !== null &&
      (await dataSource.getRepository(ApiTokenEntity).existsBy({ tokenHash: hashApiToken(adminToken) }));
    if (!known) {
      ({ token: adminToken } = await createApiToken(dataSource, 'admin', ['admin']));
      writeFileSync(tokenFile, `${adminToken}\n`, { mode: 0o600 });
    }
    chmodSync(tokenFile, 0o600);
    return { project: demo, adminToken };
  } finally {
    await dataSource.destroy();
  }
}

/**
 * The demo's webhook as GitHub would hold it: the URL and secret in $SLIPWAY_HOME/demo-webhook.json
 * (0600; the secret kept while it is still valid), and git hooks in the demo repository that send a
 * signed push webhook after each commit or push into it.
 */
async function connectDemoWebhook(dataSource, home, demo, { secretKey, webhookUrl }) {
  const { SecretBox, createWebhookSecret, webhookSecretsOf } = db();
  const box = new SecretBox(secretKey);
  const file = join(home, 'demo-webhook.json');
  const previous = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  const valid = await webhookSecretsOf(dataSource, box, demo.name).catch(() => []);
  const secret =
    previous && valid.includes(previous.secret)
      ? previous.secret
      : await createWebhookSecret(dataSource, box, demo.name, 0);
  const config = {
    url: webhookUrl,
    secret,
    repository: DEMO_GITHUB_REPOSITORY,
    repositoryUrl: demo.repositoryUrl,
  };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  const notify = join(ROOT, 'scripts', 'demo', 'notify-push.mjs');
  for (const hook of ['post-commit', 'post-receive']) {
    const script = `#!/bin/sh\nexec "${process.execPath}" "${notify}" "${file}" ${hook}\n`;
    writeFileSync(join(demo.repositoryUrl, '.git', 'hooks', hook), script, { mode: 0o755 });
  }
}

/**
 * Runs one service as a child process, its JSON log lines to $SLIPWAY_HOME/logs/<name>.log and a short
 * form to the terminal; a service that dies is started again after a pause.
 */
function superviseService(name, entry, home, env) {
  const file = createWriteStream(join(home, 'logs', `${name}.log`), { flags: 'a' });
  let child = null;
  let stopping = false;
  const start = () => {
    child = spawn(process.execPath, [join(ROOT, entry)], {
      env: { ...env, SLIPWAY_STOP_WITH_SUPERVISOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      file.write(chunk);
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) printLogLine(name, line);
    });
    child.stderr.on('data', (chunk) => {
      file.write(chunk);
      process.stderr.write(`${name.padEnd(13)} ${chunk}`);
    });
    child.once('exit', (code, signal) => {
      child = null;
      if (stopping) return;
      log(`${name} exited (${code ?? signal}); restarting in 2s`);
      setTimeout(() => !stopping && start(), 2000).unref();
    });
  };
  start();
  return {
    name,
    stop: () =>
      new Promise((resolve) => {
        stopping = true;
        if (!child) return resolve();
        const current = child;
        const timer = setTimeout(() => current.kill('SIGKILL'), 20_000);
        current.once('exit', () => {
          clearTimeout(timer);
          file.end();
          resolve();
        });
        current.kill('SIGTERM');
      }),
  };
}

const LEVELS = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

function printLogLine(name, line) {
  if (!line.trim()) return;
  try {
    const entry = JSON.parse(line);
    if (entry.level >= 30) {
      const error = entry.err?.message ? ` — ${entry.err.message}` : '';
      process.stdout.write(`${name.padEnd(13)} ${LEVELS[entry.level] ?? entry.level} ${entry.msg}${error}\n`);
    }
  } catch {
    process.stdout.write(`${name.padEnd(13)} ${line}\n`);
  }
}
