import type { SshStepSpec } from '@slipway/domain';
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { killProcessGroup, OUTPUT_LIMIT } from './shell';

export interface SshOptions {
  step: SshStepSpec;
  /** Exported on the remote side before the command (sent on stdin, never on the ssh command line). */
  env: Record<string, string>;
  /** A private key file, or null for ssh's own defaults (the runner user's keys and agent). */
  identityFile: string | null;
  /** Host keys are learned on first contact and checked afterwards, in this file only. */
  knownHostsFile: string;
  /** Aborting stops every ssh process of the step, and with them the remote commands. */
  signal: AbortSignal;
  /** Called about once a second while anything runs. */
  onTick: () => void;
  /** Every piece of output, each line prefixed with "[host] ". */
  onOutput: (text: string) => void;
}

export interface SshHostResult {
  /** As listed in the step: host or host:port. */
  host: string;
  exitCode: number | null;
  timedOut: boolean;
  cancelled: boolean;
  /** This host's own output (no prefix), the end kept. */
  output: string;
  /** Why it failed, naming the host ("web-2 exited with code 3"); null when it succeeded. */
  failure: string | null;
}

export interface SshStepResult {
  ok: boolean;
  cancelled: boolean;
  /** Every host the command (`run`; `rollback` for rollbackSshStep) ran on, in the order of the batches. */
  hosts: SshHostResult[];
  /** After a failed run: the undo on every host touched, newest batch first. */
  rolledBack: SshHostResult[];
  failedHosts: string[];
  /** What went wrong, every failed host with its reason and how the undo went; null when ok. */
  failure: string | null;
  /** Every host's lines, prefixed and merged in the order they arrived; the end kept. */
  output: string;
}

/**
 * Runs the step's command on its hosts, a batch at a time, each batch only once the previous one
 * succeeded. When a host fails and the step has a rollback, the step undoes itself on every host it
 * touched, newest batch first. A cancel stops everything and undoes nothing: that is the caller's saga.
 */
export function runSshStep(options: SshOptions): Promise<SshStepResult> {
  return runStep(options, async (run) => {
    const { step } = options;
    const ran = await run.batches(batchesOf(step), step.run, { stopAtFailure: true });
    const failed = failuresOf(ran.flat());
    if (run.cancelled || failed.length === 0 || step.rollback === undefined) {
      return { hosts: ran.flat(), rolledBack: [], failed, rollbackFailed: [] };
    }
    const newestFirst = ran.map((batch) => batch.map((result) => result.host)).reverse();
    run.say(`${reasons(failed)}: rolling back ${newestFirst.flat().join(', ')}`);
    const undone = await run.batches(newestFirst, step.rollback, { stopAtFailure: false });
    const rolledBack = undone.flat();
    return {
      hosts: ran.flat(),
      rolledBack,
      failed,
      rollbackFailed: failuresOf(rolledBack),
    };
  });
}

/** Runs the step's rollback on all its hosts, batches in reverse order, going on past a failed host. */
export function rollbackSshStep(options: SshOptions): Promise<SshStepResult> {
  return runStep(options, async (run) => {
    const { rollback } = options.step;
    if (rollback === undefined) return { hosts: [], rolledBack: [], failed: [], rollbackFailed: [] };
    const ran = (
      await run.batches(batchesOf(options.step).reverse(), rollback, { stopAtFailure: false })
    ).flat();
    return {
      hosts: ran,
      rolledBack: [],
      failed: failuresOf(ran),
      rollbackFailed: [],
    };
  });
}

/** What a step did, before it is put in words. */
interface StepOutcome {
  hosts: SshHostResult[];
  rolledBack: SshHostResult[];
  failed: SshHostResult[];
  rollbackFailed: SshHostResult[];
}

/** ssh's own exit code when it could not connect, authenticate or keep the connection. */
const SSH_ERROR = 255;

/** The hosts of a step in batches of `step.batch`, in the listed order. */
function batchesOf(step: SshStepSpec): string[][] {
  const batches: string[][] = [];
  for (let start = 0; start < step.hosts.length; start += step.batch) {
    batches.push(step.hosts.slice(start, start + step.batch));
  }
  return batches;
}

/** What run and rollback share: the known_hosts folder, the heartbeat, the result put in words. */
async function runStep(
  options: SshOptions,
  act: (run: SshStepRun) => Promise<StepOutcome>,
): Promise<SshStepResult> {
  await mkdir(dirname(options.knownHostsFile), { recursive: true });
  const run = new SshStepRun(options);
  const ticker = setInterval(options.onTick, 1000);
  try {
    const outcome = await act(run);
    const cancelled = run.cancelled;
    return {
      ok: !cancelled && outcome.failed.length === 0,
      cancelled,
      hosts: outcome.hosts,
      rolledBack: outcome.rolledBack,
      failedHosts: outcome.failed.map((result) => result.host),
      failure: cancelled ? 'cancelled' : failureOf(outcome),
      output: run.output(),
    };
  } finally {
    clearInterval(ticker);
  }
}

function failureOf({ failed, rolledBack, rollbackFailed }: StepOutcome): string | null {
  if (failed.length === 0) return null;
  if (rolledBack.length === 0) return reasons(failed);
  const undo =
    rollbackFailed.length === 0
      ? `rolled back ${rolledBack.map((result) => result.host).join(', ')}`
      : `rollback failed: ${reasons(rollbackFailed)}`;
  return `${reasons(failed)}; ${undo}`;
}

/** The hosts that failed on their own (a cancel is not their failure). */
function failuresOf(results: SshHostResult[]): SshHostResult[] {
  return results.filter((result) => result.failure !== null && !result.cancelled);
}

function reasons(results: SshHostResult[]): string {
  return results.map((result) => result.failure).join('; ');
}

/** One run of a step: its hosts' processes, its merged output, whether a cancel stopped it. */
class SshStepRun {
  private merged = '';
  private stopped = false;
  /** Checked before anything starts: a bad variable name fails the step, not one host. */
  private readonly exports: string;

  constructor(private readonly options: SshOptions) {
    this.exports = exportsOf(options.env);
  }

  get cancelled(): boolean {
    return this.stopped;
  }

  /** Runs `command` a batch at a time (a batch's hosts in parallel); stops at a cancel. */
  async batches(
    batches: string[][],
    command: string,
    { stopAtFailure }: { stopAtFailure: boolean },
  ): Promise<SshHostResult[][]> {
    const results: SshHostResult[][] = [];
    for (const batch of batches) {
      this.stopped ||= this.options.signal.aborted;
      if (this.stopped) break;
      const batchResults = await Promise.all(batch.map((host) => this.runOnHost(host, command)));
      results.push(batchResults);
      this.stopped = batchResults.some((result) => result.cancelled);
      if (this.stopped) break;
      if (stopAtFailure && batchResults.some((result) => result.failure !== null)) break;
    }
    return results;
  }

  /** A line of the step's own, between the hosts' lines. */
  say(line: string): void {
    this.write(`[slipway] ${line}\n`);
  }

  output(): string {
    return keepEnd(this.merged, OUTPUT_LIMIT);
  }

  private write(text: string): void {
    this.options.onOutput(text);
    this.merged = keepEnd(this.merged + text, OUTPUT_LIMIT * 2, OUTPUT_LIMIT);
  }

  private runOnHost(host: string, command: string): Promise<SshHostResult> {
    const { step, signal } = this.options;
    return new Promise((resolve) => {
      const child = spawn('ssh', sshArguments(host, this.options), {
        env: sshEnvironment(),
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const lines = new PrefixedLines(`[${host}] `, (text) => this.write(text));
      let output = '';
      let lastErrorLine = '';
      let timedOut = false;
      let cancelled = false;
      const append = (chunk: Buffer): string => {
        const text = chunk.toString('utf8');
        lines.write(text);
        output = keepEnd(output + text, OUTPUT_LIMIT * 2, OUTPUT_LIMIT);
        return text;
      };
      child.stdout.on('data', append);
      child.stderr.on('data', (chunk: Buffer) => {
        const last = append(chunk).trim().split('\n').pop();
        if (last) lastErrorLine = last;
      });
      // The script, then stdin stays open: it is the remote side's lifeline (see REMOTE_RUNNER).
      child.stdin.on('error', () => undefined); // ssh gave up before reading it: its exit says why
      child.stdin.write(`${this.exports}${command}\n\0`);

      // ssh and anything it started (a ProxyCommand).
      const stopSsh = (): void => killProcessGroup(child.pid);
      const timer = setTimeout(() => {
        timedOut = true;
        stopSsh();
      }, step.timeout);
      const onAbort = (): void => {
        cancelled = true;
        stopSsh();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) onAbort();

      let settled = false;
      const settle = (exitCode: number | null, why: string | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        lines.end();
        resolve({
          host,
          exitCode,
          timedOut,
          cancelled,
          output: keepEnd(output, OUTPUT_LIMIT),
          failure: why === null ? null : `${host} ${why}`,
        });
      };
      child.on('error', (error) => settle(null, `failed: ssh did not start (${error.message})`));
      child.on('close', (exitCode, exitSignal) => {
        const ended = { exitCode, exitSignal, cancelled, timedOut, lastErrorLine };
        settle(exitCode, whyHostFailed(ended, step.timeout));
      });
    });
  }
}

/** How a host's ssh ended, in words after its name; null when the command succeeded. */
function whyHostFailed(
  ended: {
    exitCode: number | null;
    exitSignal: NodeJS.Signals | null;
    cancelled: boolean;
    timedOut: boolean;
    lastErrorLine: string;
  },
  timeoutMs: number,
): string | null {
  if (ended.cancelled) return 'was cancelled';
  if (ended.timedOut) return `timed out after ${Math.round(timeoutMs / 1000)}s`;
  if (ended.exitCode === 0) return null;
  if (ended.exitCode === SSH_ERROR) return `failed: ssh exited with code 255: ${ended.lastErrorLine}`;
  if (ended.exitCode === null) return `failed: ssh was killed by ${ended.exitSignal ?? 'a signal'}`;
  return `exited with code ${ended.exitCode}`;
}

function sshArguments(host: string, { step, identityFile, knownHostsFile }: SshOptions): string[] {
  const [address = host, port] = host.split(':');
  return [
    '-T',
    ...['-o', 'BatchMode=yes'],
    ...['-o', 'ConnectTimeout=10'],
    ...['-o', 'StrictHostKeyChecking=accept-new'],
    ...['-o', `UserKnownHostsFile="${knownHostsFile}"`],
    ...(port === undefined ? [] : ['-p', port]),
    ...(identityFile === null ? [] : ['-i', identityFile, '-o', 'IdentitiesOnly=yes']),
    '--',
    `${step.user}@${address}`,
    REMOTE_COMMAND,
  ];
}

/** What ssh itself needs of the runner's environment (its agent, for one); nothing else leaks. */
function sshEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'USER', 'LOGNAME', 'SSH_AUTH_SOCK']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/**
 * Runs on the remote host, with nothing but bash. It reads the script from stdin up to a NUL byte and
 * runs it in its own process group. stdin then stays open as a lifeline: when our ssh goes (a cancel,
 * a timeout), the connection closes, stdin ends, and the script's whole process group is stopped: TERM,
 * then KILL if it is still there 5 s later, as shell.ts does locally. Job control (set -m) gives each
 * job its own group; its job-status chatter goes to the runner's stderr, which is /dev/null (the
 * script keeps the real one).
 */
const REMOTE_RUNNER = [
  `IFS= read -r -d '' script || exit 254;`,
  'exec 3>&2 2>/dev/null;',
  'set -m;',
  'bash -o pipefail -c "$script" </dev/null 2>&3 3>&- &',
  'command=$!;',
  `{ cat >/dev/null; trap '' TERM; kill -TERM -- "-$command";`,
  'for _ in 1 2 3 4 5; do kill -0 -- "-$command" || break; sleep 1; done;',
  'kill -KILL -- "-$command"; } >/dev/null 3>&- &',
  'lifeline=$!;',
  'wait "$command";',
  'code=$?;',
  'kill -- "-$lifeline";',
  'exit "$code"',
].join(' ');

const REMOTE_COMMAND = `bash -c ${shellQuote(REMOTE_RUNNER)}`;

/** The lines that export the variables ahead of the command, in the script the remote bash runs. */
function exportsOf(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([name, value]) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`"${name}" is not a variable name`);
      return `export ${name}=${shellQuote(value)}\n`;
    })
    .join('');
}

/** Single quotes for bash: nothing inside is expanded. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Splits a host's output into lines and prefixes each one; an unfinished line waits for the rest. */
class PrefixedLines {
  private partial = '';

  constructor(
    private readonly prefix: string,
    private readonly emit: (text: string) => void,
  ) {}

  write(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    if (parts.length > 0) this.emit(parts.map((line) => `${this.prefix}${line}\n`).join(''));
  }

  end(): void {
    if (this.partial) this.emit(`${this.prefix}${this.partial}\n`);
    this.partial = '';
  }
}

/** The end of `text` once it is longer than `limit`, cut back to `keep` characters. */
function keepEnd(text: string, limit: number, keep = limit): string {
  return text.length > limit ? text.slice(-keep) : text;
}
