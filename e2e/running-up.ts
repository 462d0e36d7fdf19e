import { freePort, REPO_ROOT } from '@slipway/testing';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RunningUp {
  output(): string;
  /** Ctrl-C; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL, as a crash would: nothing gets to clean up. */
  kill(): void;
}

/** What `npm run up` writes to `$SLIPWAY_HOME/endpoints.json`. */
export interface Endpoints {
  temporalUi: string;
  graphql: string;
  graphqlWs: string;
  web: string;
  webhooks: { github: string; gitlab: string };
  demo: { repositoryUrl: string; ports: { development: number } };
}

/** Free ports for every listener of `npm run up`, so runs never collide; reuse them to restart on the same. */
export async function freeUpPorts(): Promise<Record<string, string>> {
  return {
    SLIPWAY_PORT: String(await freePort()),
    SLIPWAY_POSTGRES_PORT: String(await freePort()),
    SLIPWAY_TEMPORAL_PORT: String(await freePort()),
    SLIPWAY_TEMPORAL_UI_PORT: String(await freePort()),
    SLIPWAY_DEMO_PORT_BASE: String(await freePort()),
    SLIPWAY_WEBHOOK_PORT: String(await freePort()),
  };
}

/**
 * `npm run up`'s own script on embedded defaults (no DATABASE_URL, no TEMPORAL_ADDRESS), on free ports,
 * with any further settings (`extra`) in its environment, as a user would export them.
 */
export async function startUp(
  home: string,
  ports: Record<string, string>,
  extra: Record<string, string> = {},
): Promise<RunningUp> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...extra,
    ...ports,
    SLIPWAY_HOME: home,
    SLIPWAY_SKIP_BUILD: '1',
  };
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
  const up = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'up.mjs')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  up.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  up.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => up.once('exit', resolve));
  const deadline = Date.now() + 120_000;
  while (!output.includes('Slipway is up.')) {
    if (up.exitCode !== null) throw new Error(`npm run up exited early:\n${output}`);
    if (Date.now() > deadline) {
      up.kill('SIGKILL');
      throw new Error(`npm run up did not come up:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    output: () => output,
    stop: () => {
      if (up.exitCode === null && up.signalCode === null) up.kill('SIGINT');
      return exited;
    },
    kill: () => up.kill('SIGKILL'),
  };
}

export function readEndpoints(home: string): Endpoints {
  return JSON.parse(readFileSync(join(home, 'endpoints.json'), 'utf8')) as Endpoints;
}

/** The bootstrap admin API token `npm run up` writes on its first start. */
export function readAdminToken(home: string): string {
  return readFileSync(join(home, 'admin-token'), 'utf8').trim();
}
