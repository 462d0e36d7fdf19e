import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

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

export interface ServiceProcess {
  name: ServiceName;
  child: ChildProcess;
  /** Everything it printed, for assertions and for failure messages. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** Starts a built service as its own process; `ready` waits until its /readyz answers 200. */
export function spawnService(name: ServiceName, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, [join(REPO_ROOT, SERVICE_ENTRIES[name])], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
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
    child,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Waits for a worker service's health port (it logs it) and for /readyz to answer 200. */
export async function waitUntilReady(service: ServiceProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void service.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by the promise above
    if (exited) throw new Error(`${service.name} exited before it was ready:\n${service.output()}`);
    const port = /"healthPort":(\d+)/.exec(service.output())?.[1];
    if (port) {
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return;
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  throw new Error(`${service.name} was not ready within ${timeoutMs} ms:\n${service.output()}`);
}

export async function startService(name: ServiceName, env: Record<string, string>): Promise<ServiceProcess> {
  const service = spawnService(name, env);
  try {
    await waitUntilReady(service);
  } catch (error) {
    await service.stop();
    throw error;
  }
  return service;
}
