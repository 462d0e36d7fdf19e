// The "hello" demo application that `npm run up` seeds and that Slipway really deploys.
// Plain Node ESM with built-ins only: it runs before the npm dependencies are built.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import {
  chmod,
  cp,
  mkdir,
  readdir,
  readFile,
  realpath,
  rename,
  rm,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const DEMO_PROJECT_NAME = 'hello';
const TEMPLATE_DIR = fileURLToPath(new URL('../demo/hello/', import.meta.url));
const SPEC_TEMPLATE = '.slipway.yml.template';
const SPEC_FILE = '.slipway.yml';
const ENVIRONMENTS = ['development', 'staging', 'production'];
const DEMO_IDENTITY = { name: 'Slipway Demo', email: 'demo@slipway.local' };

/**
 * Seeds `${slipwayHome}/demo/hello` as a git repository holding the demo app, once: when it is already a
 * repository it is returned unchanged, so a second `npm run up` finds its data again.
 * @returns {Promise<{ name: string, repositoryUrl: string, ports: { development: number, staging: number, production: number } }>}
 */
export async function seedDemoRepository(slipwayHome, { portBase = 4101 } = {}) {
  const repository = resolve(slipwayHome, 'demo', DEMO_PROJECT_NAME);
  if (await isOwnGitRepository(repository)) {
    const spec = await readFile(join(repository, SPEC_FILE), 'utf8').catch(() => '');
    return { name: DEMO_PROJECT_NAME, repositoryUrl: repository, ports: portsFromSpec(spec, portBase) };
  }

  const ports = { development: portBase, staging: portBase + 1, production: portBase + 2 };
  // Build it beside its final place and rename it in, so a crash never leaves a half-seeded repository.
  await mkdir(dirname(repository), { recursive: true });
  const staging = `${repository}.seeding-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    await cp(TEMPLATE_DIR, staging, {
      recursive: true,
      filter: (source) => !source.endsWith(SPEC_TEMPLATE),
    });
    const template = await readFile(join(TEMPLATE_DIR, SPEC_TEMPLATE), 'utf8');
    await writeFile(join(staging, SPEC_FILE), renderSpec(template, ports));
    const scripts = await executableScripts(staging);
    for (const script of scripts) await chmod(join(staging, script), 0o755);

    await git(staging, ['init', '--quiet', '-b', 'main']);
    // A non-bare repository refuses a push to its checked-out branch; let a push update it (repository-local).
    await git(staging, ['config', 'receive.denyCurrentBranch', 'updateInstead']);
    await git(staging, ['add', '--all']);
    // Record the executable bits even where the file system does not keep them.
    if (scripts.length > 0) await git(staging, ['update-index', '--chmod=+x', '--', ...scripts]);
    await git(staging, ['commit', '--quiet', '--no-verify', '-m', 'Initial hello app']);

    // Whatever sits at the final path is not a repository (checked above): a leftover, replace it.
    await rm(repository, { recursive: true, force: true });
    await rename(staging, repository);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return { name: DEMO_PROJECT_NAME, repositoryUrl: repository, ports };
}

/**
 * Stops every demo app that Slipway deployed under `${slipwayHome}/targets/<project>/<environment>`:
 * SIGTERM, up to 5s to exit, then SIGKILL. Removes the pid files.
 * @returns {Promise<number>} how many running apps were stopped
 */
export async function stopDemoApps(slipwayHome) {
  const targets = resolve(slipwayHome, 'targets');
  const pidFiles = [];
  for (const project of await subdirectories(targets)) {
    for (const environment of await subdirectories(join(targets, project))) {
      const file = join(targets, project, environment, 'app.pid');
      if (existsSync(file)) pidFiles.push(file);
    }
  }

  const signalled = [];
  for (const file of pidFiles) {
    const pid = Number.parseInt((await readFile(file, 'utf8').catch(() => '')).trim(), 10);
    if (isDemoApp(pid) && signal(pid, 'SIGTERM')) signalled.push(pid);
  }

  const deadline = Date.now() + 5000;
  while (signalled.some(isAlive) && Date.now() < deadline) await sleep(100);
  for (const pid of signalled.filter(isAlive)) signal(pid, 'SIGKILL');
  if (signalled.some(isAlive)) await sleep(200);

  for (const file of pidFiles) await unlink(file).catch(() => {});
  return signalled.length;
}

function renderSpec(template, ports) {
  const rendered = template
    .replaceAll('{{PORT_DEVELOPMENT}}', String(ports.development))
    .replaceAll('{{PORT_STAGING}}', String(ports.staging))
    .replaceAll('{{PORT_PRODUCTION}}', String(ports.production));
  const left = /\{\{[A-Z_]+\}\}/.exec(rendered);
  if (left) throw new Error(`${SPEC_TEMPLATE}: placeholder ${left[0]} has no value`);
  return rendered;
}

/** The PORT: lines of the spec, in order: development, staging, production. */
function portsFromSpec(spec, portBase) {
  const found = [...spec.matchAll(/^\s*PORT:\s*["']?(\d+)/gm)].map((match) => Number(match[1]));
  return Object.fromEntries(ENVIRONMENTS.map((name, index) => [name, found[index] ?? portBase + index]));
}

/** True when `directory` is the top level of its own git repository with at least one commit. */
async function isOwnGitRepository(directory) {
  if (!existsSync(join(directory, '.git'))) return false;
  try {
    const { stdout } = await git(directory, ['rev-parse', '--show-toplevel']);
    await git(directory, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
    return (await realpath(stdout.trim())) === (await realpath(directory));
  } catch {
    return false;
  }
}

function git(cwd, args) {
  // Never let a surrounding repository or the caller's git environment leak in.
  const leaking = new Set([
    'GIT_DIR',
    'GIT_WORK_TREE',
    'GIT_INDEX_FILE',
    'GIT_OBJECT_DIRECTORY',
    'GIT_PREFIX',
  ]);
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !leaking.has(name)));
  Object.assign(env, {
    GIT_AUTHOR_NAME: DEMO_IDENTITY.name,
    GIT_AUTHOR_EMAIL: DEMO_IDENTITY.email,
    GIT_COMMITTER_NAME: DEMO_IDENTITY.name,
    GIT_COMMITTER_EMAIL: DEMO_IDENTITY.email,
    GIT_TERMINAL_PROMPT: '0',
  });
  const options = ['-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', '-c', 'core.fileMode=true'];
  return run('git', [...options, ...args], { cwd, env }).catch((error) => {
    const detail = (error.stderr || error.message || '').trim();
    throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${detail}`, { cause: error });
  });
}

/** Every *.sh under deploy/, relative to the repository root. */
async function executableScripts(repository) {
  const names = await readdir(join(repository, 'deploy')).catch(() => []);
  const scripts = [];
  for (const name of names.sort()) {
    if (!name.endsWith('.sh') || name === 'lib.sh') continue;
    if ((await stat(join(repository, 'deploy', name))).isFile()) scripts.push(`deploy/${name}`);
  }
  return scripts;
}

async function subdirectories(directory) {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}

/** A live process that runs server.js (where /proc can tell), so a stale, reused pid is left alone. */
function isDemoApp(pid) {
  if (!Number.isInteger(pid) || pid <= 1 || !isAlive(pid)) return false;
  if (!existsSync('/proc/self/cmdline')) return true;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('server.js');
  } catch {
    return false;
  }
}

/** Alive and not a zombie (where /proc can tell). */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (error.code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return !existsSync('/proc/self/stat');
  }
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms) {
  return new Promise((done) => setTimeout(done, ms));
}
