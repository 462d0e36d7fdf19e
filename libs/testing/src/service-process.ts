import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { freePort, scratchDir, testTemporalAddress } from './environment';

/** The monorepo root (this file lives in libs/testing/dist). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export const SERVICE_ENTRIES = {
  runner: 'services/runner/dist/main.js',
  audit: 'services/audit/dist/main.js',
  vcs: 'services/vcs/dist/main.js',
  notifications: 'services/notifications/dist/main.js',
  gateway: 'gateway/dist/main.js',
} as const;

export type ServiceName = keyof typeof SERVICE_ENTRIES;

/** What a service needs that most tests do not care about; a test's own env wins. */
const SERVICE_DEFAULTS: Partial<Record<ServiceName, Record<string, string>>> = {
  // Webhooks on a free port: 4001 may be taken by `npm run up` on the same machine.
  vcs: { SLIPWAY_SECRET_KEY: randomBytes(32).toString('base64'), WEBHOOK_PORT: '0' },
};

export interface ServiceProcess {
  name: ServiceName;
  /** Where /healthz and /readyz answer (the gateway: its own port). */
  healthUrl: string | null;
  child: ChildProcess;
  /** Everything it printed, for assertions and for failure messages. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** Starts a built service as its own process. */
export function spawnService(name: ServiceName, env: Record<string, string>): ServiceProcess {
  const port = name === 'gateway' ? env.PORT : env.HEALTH_PORT;
  const child = spawn(process.execPath, [join(REPO_ROOT, SERVICE_ENTRIES[name])], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      ...SERVICE_DEFAULTS[name],
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit({ code, signal })),
  );
  return {
    name,
    healthUrl: port ? `http://127.0.0.1:${port}` : null,
    child,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Waits until the service's /readyz answers 200. */
export async function waitUntilReady(service: ServiceProcess, timeoutMs = 60_000): Promise<void> {
  if (!service.healthUrl) throw new Error(`${service.name} was started without a health port`);
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void service.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by the promise above
    if (exited) throw new Error(`${service.name} exited before it was ready:\n${service.output()}`);
    const ok = await fetch(`${service.healthUrl}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  throw new Error(`${service.name} was not ready within ${timeoutMs} ms:\n${service.output()}`);
}

/** Starts a service on a free health port and waits until it is ready. */
export async function startService(name: ServiceName, env: Record<string, string>): Promise<ServiceProcess> {
  const service = spawnService(name, { HEALTH_PORT: String(await freePort()), ...env });
  try {
    await waitUntilReady(service);
  } catch (error) {
    await service.stop();
    throw error;
  }
  return service;
}

/** Starts several services at once; if one fails, the others are stopped before the error is thrown. */
export async function startServices(
  names: readonly ServiceName[],
  env: Record<string, string>,
): Promise<Map<ServiceName, ServiceProcess>> {
  const results = await Promise.allSettled(names.map((name) => startService(name, env)));
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all(started.map((service) => service.stop()));
    throw failure.reason;
  }
  return new Map(started.map((service) => [service.name, service]));
}

export interface TestGateway {
  service: ServiceProcess;
  /** Where browsers and clients reach it: http://127.0.0.1:<port>. */
  base: string;
  graphqlUrl: string;
  stop(): Promise<void>;
}

/**
 * The gateway process over a test database, on a free port, in development mode with the run's
 * Temporal; `env` adds to or overrides that (SLIPWAY_MODE, sign-in providers, keys…).
 */
export async function startGateway(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<TestGateway> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const service = await startService('gateway', {
    TEMPORAL_ADDRESS: testTemporalAddress(),
    DATABASE_URL: databaseUrl,
    SLIPWAY_HOME: scratchDir('gateway-home'),
    SLIPWAY_MODE: 'development',
    SLIPWAY_PUBLIC_URL: base,
    PORT: String(port),
    ...env,
  });
  return { service, base, graphqlUrl: `${base}/graphql`, stop: () => service.stop() };
}
