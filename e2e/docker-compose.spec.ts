import { execFile, type ExecFileException } from 'node:child_process';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * The production-like topology in docker-compose.yml, checked the way Compose itself reads it:
 * `docker-compose config` validates the file against the Compose schema and resolves anchors,
 * merges and `${VAR:-default}` interpolation, without needing a Docker engine.
 */

const repoRoot = path.resolve(__dirname, '..');
const INSTALL_HINT = 'docker-compose is not installed: run `apt-get install -y docker-compose` (Debian)';
const TEMPORAL_ADDRESS = 'temporal:7233';
const SLIPWAY_SERVICES = ['runner', 'audit', 'vcs', 'notifications', 'gateway'] as const;

interface CommandResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

function dockerCompose(...args: string[]): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'docker-compose',
      ['-f', 'docker-compose.yml', ...args],
      { cwd: repoRoot, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error: ExecFileException | null, stdout: string, stderr: string) => {
        if (error?.code === 'ENOENT') {
          reject(new Error(INSTALL_HINT));
          return;
        }
        const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ exitCode, stdout, stderr });
      },
    );
  });
}

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapping(value: unknown, what: string): Mapping {
  if (!isMapping(value)) throw new Error(`${what} should be a mapping, got ${JSON.stringify(value)}`);
  return value;
}

/** `environment:` as Compose may print it: a mapping, or a list of NAME=value. */
function environmentOf(service: Mapping): Record<string, string> {
  const environment = service['environment'];
  const result: Record<string, string> = {};
  if (Array.isArray(environment)) {
    for (const entry of environment) {
      const [name = '', ...rest] = String(entry).split('=');
      result[name] = rest.join('=');
    }
  } else if (isMapping(environment)) {
    for (const [name, value] of Object.entries(environment)) {
      result[name] = value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
  return result;
}

/** `depends_on:` as a list of names or as a mapping of name → condition. */
function dependenciesOf(service: Mapping): string[] {
  const dependsOn = service['depends_on'];
  if (Array.isArray(dependsOn)) return dependsOn.map(String);
  if (isMapping(dependsOn)) return Object.keys(dependsOn);
  return [];
}

/** Host ports a service publishes, from the short ("4000:4000") or the long syntax. */
function publishedPortsOf(service: Mapping): number[] {
  const ports = service['ports'];
  if (!Array.isArray(ports)) return [];
  return ports.flatMap((port: unknown): number[] => {
    if (isMapping(port)) return port['published'] === undefined ? [] : [Number(port['published'])];
    const parts = String(port).split('/')[0]?.split(':') ?? [];
    return parts.length >= 2 ? [Number(parts[parts.length - 2])] : [];
  });
}

describe('docker-compose.yml', () => {
  let services: Mapping = {};

  function service(name: string): Mapping {
    return mapping(services[name], `service ${name}`);
  }

  beforeAll(async () => {
    const result = await dockerCompose('config');
    if (result.exitCode !== 0) {
      throw new Error(`docker-compose config exited with ${String(result.exitCode)}:\n${result.stderr}`);
    }
    const resolved: unknown = parse(result.stdout);
    services = mapping(mapping(resolved, 'docker-compose config output')['services'], 'services');
  }, 60_000);

  it('is accepted by docker-compose config without an error or a warning', async () => {
    const result = await dockerCompose('config', '-q');

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  }, 60_000);

  it('runs PostgreSQL, Temporal, the Temporal UI, every Slipway service and the web console', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgres', 'temporal', 'temporal-ui', ...SLIPWAY_SERVICES, 'web']),
    );
  });

  it.each(SLIPWAY_SERVICES)('points %s at the Temporal frontend on temporal:7233', (name) => {
    expect(environmentOf(service(name))['TEMPORAL_ADDRESS']).toBe(TEMPORAL_ADDRESS);
  });

  it.each(['runner', 'audit', 'gateway'])('gives %s a DATABASE_URL on the postgres service', (name) => {
    const databaseUrl = environmentOf(service(name))['DATABASE_URL'];

    expect(databaseUrl).toBeDefined();
    const url = new URL(databaseUrl ?? '');
    expect(url.protocol).toMatch(/^postgres(ql)?:$/);
    expect(url.hostname).toBe('postgres');
    expect(url.port).toBe('5432');
  });

  it('starts Temporal on the postgres service', () => {
    expect(dependenciesOf(service('temporal'))).toContain('postgres');
    expect(environmentOf(service('temporal'))['POSTGRES_SEEDS']).toBe('postgres');
  });

  it('publishes the gateway API on port 4000', () => {
    expect(publishedPortsOf(service('gateway'))).toContain(4000);
  });
});
