// Temporal and PostgreSQL for one machine: started here when TEMPORAL_ADDRESS / DATABASE_URL are unset.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer, connect } from 'node:net';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { log, ROOT } from './tools.mjs';

const require = createRequire(import.meta.url);

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Fails with the variable to change when a port this machine needs is already taken. */
export async function assertPortsFree(portsByVariable) {
  for (const [variable, port] of Object.entries(portsByVariable)) {
    if (port && (await portAnswers(port))) {
      throw new Error(
        `port ${port} is already in use (another Slipway still running?); stop it or set ${variable}`,
      );
    }
  }
}

function portAnswers(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function waitFor(what, check, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `${what} did not become ready within ${timeoutMs / 1000}s${lastError ? `: ${lastError.message}` : ''}`,
  );
}

/**
 * `temporal server start-dev` with its state in `dbFile` (omit for in-memory), the UI on `uiPort`
 * (omit for headless). Resolves once the frontend answers gRPC health checks.
 */
export async function startTemporalDevServer({ cli, port, uiPort, dbFile, logFile }) {
  const pidFile = dbFile ? `${dbFile}.pid` : null;
  if (pidFile) await stopLeftoverTemporal(dbFile);
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'warn'];
  if (dbFile) args.push('--db-filename', dbFile);
  if (uiPort) args.push('--ui-port', String(uiPort));
  else args.push('--headless');
  const child = spawn(cli, args, { stdio: ['ignore', logFile ?? 'ignore', logFile ?? 'ignore'] });
  let exited = null;
  child.once('exit', (code, signal) => (exited = code ?? signal));
  if (pidFile) writeFileSync(pidFile, String(child.pid));
  const address = `127.0.0.1:${port}`;
  const { Connection } = require(require.resolve('@temporalio/client', { paths: [ROOT] }));
  await waitFor(`Temporal dev server on ${address}`, async () => {
    if (exited !== null) throw new Error(`temporal exited (${exited})${logTail(logFile)}`);
    if (!(await portAnswers(port))) return false;
    const connection = await Connection.connect({ address, connectTimeout: 1000 });
    try {
      await connection.workflowService.describeNamespace({ namespace: 'default' });
      return true;
    } finally {
      await connection.close();
    }
  });
  return {
    address,
    stop: () =>
      new Promise((resolve) => {
        if (exited !== null) return resolve();
        child.once('exit', () => {
          if (pidFile) rmSync(pidFile, { force: true });
          resolve();
        });
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** The last lines a child wrote to the log file descriptor `fd`, to say why it stopped. */
function logTail(fd) {
  if (typeof fd !== 'number') return '';
  try {
    const lines = readFileSync(`/proc/self/fd/${fd}`, 'utf8').trimEnd().split('\n').slice(-10);
    return `; its log ends:\n${lines.join('\n')}`;
  } catch {
    return '';
  }
}

/** A dev server left running by a supervisor that crashed: stopped, so its state file is free again. */
export async function stopLeftoverTemporal(dbFile) {
  const pidFile = `${dbFile}.pid`;
  const expectedCommand = 'temporal';
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  const command = (() => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return '';
    }
  })();
  if (command.includes(expectedCommand)) {
    log(`stopping the ${expectedCommand} (pid ${pid}) a previous run left behind…`);
    process.kill(pid, 'SIGTERM');
    await waitFor(`the leftover ${expectedCommand} to stop`, () => !existsSync(`/proc/${pid}`), 15_000);
  }
  rmSync(pidFile, { force: true });
}

/** The embedded PostgreSQL of @slipway/db (needs the build). */
export async function stopLeftoverPostgres(dataDir) {
  const { stopLeftoverPostgres: stop } = require(require.resolve('@slipway/db', { paths: [ROOT] }));
  return stop(dataDir);
}

export async function startEmbeddedPostgres(dataDir, port) {
  const { startEmbeddedPostgres: start } = require(require.resolve('@slipway/db', { paths: [ROOT] }));
  return start(dataDir, port);
}
