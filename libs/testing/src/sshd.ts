import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, scratchDir } from './environment';

const SSHD = '/usr/sbin/sshd';
/** sshd refuses to start without its privilege-separation directory. */
const PRIVILEGE_SEPARATION_DIR = '/run/sshd';

/** Real OpenSSH servers on loopback, all accepting one generated client key. */
export interface SshServers {
  /** "127.0.0.1:PORT", one per server, in the order they were asked for. */
  hosts: string[];
  /** Who logs in: the user running the tests. */
  user: string;
  /** The private key every server accepts. */
  identityFile: string;
  /** An empty known_hosts file: the first connection to each server adds its host key. */
  knownHostsFile: string;
  stop(): Promise<void>;
}

interface SshServer {
  host: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<void>;
}

/**
 * Starts `count` independent sshd processes on loopback, each with its own host key, and waits until
 * they accept connections.
 */
export async function startSshServers(count: number): Promise<SshServers> {
  if (!existsSync(SSHD)) {
    throw new Error(`${SSHD} is missing: install it with \`apt-get install -y openssh-server\``);
  }
  mkdirSync(PRIVILEGE_SEPARATION_DIR, { recursive: true, mode: 0o755 });
  const dir = scratchDir('sshd');
  const identityFile = join(dir, 'client_ed25519');
  generateKey(identityFile);
  const knownHostsFile = join(dir, 'known_hosts');
  writeFileSync(knownHostsFile, '');
  const user = userInfo().username;

  const servers: SshServer[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map(stopServer));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of await distinctFreePorts(count)) {
      servers.push(startSshServer(join(dir, `server-${port}`), port, `${identityFile}.pub`));
    }
    await Promise.all(servers.map((server) => waitUntilListening(server)));
  } catch (error) {
    await stop();
    throw error;
  }
  return { hosts: servers.map((server) => server.host), user, identityFile, knownHostsFile, stop };
}

function generateKey(path: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'slipway-test', '-f', path]);
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

function startSshServer(dir: string, port: number, authorizedKeysFile: string): SshServer {
  mkdirSync(dir, { recursive: true });
  const hostKey = join(dir, 'host_ed25519');
  generateKey(hostKey);
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorizedKeysFile}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'UsePAM no',
      'PrintMotd no',
      '',
    ].join('\n'),
  );
  const child = spawn(SSHD, ['-D', '-e', '-f', config], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { host: `127.0.0.1:${port}`, child, output: () => output, exited };
}

async function waitUntilListening(server: SshServer, timeoutMs = 10_000): Promise<void> {
  const port = Number(server.host.split(':')[1]);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`sshd for ${server.host} exited before it listened:\n${server.output()}`);
    }
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sshd for ${server.host} did not listen within ${timeoutMs} ms:\n${server.output()}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Stops the server and the sessions it forked (its process group). */
async function stopServer(server: SshServer): Promise<void> {
  const { pid } = server.child;
  if (pid === undefined || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  const killer = setTimeout(() => signalGroup('SIGKILL'), 5000);
  await server.exited;
  clearTimeout(killer);
}
