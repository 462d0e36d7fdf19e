import { spawn } from 'node:child_process';

export interface ShellCommand {
  command: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  signal: AbortSignal;
  /** Called about once a second while the command runs. */
  onTick: () => void;
  /** Every piece of output, as it arrives. */
  onOutput: (text: string) => void;
}

export interface ShellResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  output: string;
}

/** What a step keeps of a command's output: the end, where failures are. */
export const OUTPUT_LIMIT = 64 * 1024;

/**
 * Runs a command with bash in its own process group, so a timeout or a cancel stops everything it
 * started. stdout and stderr are merged in the order they arrive.
 */
export function runShell({
  command,
  cwd,
  env,
  timeoutMs,
  signal,
  onTick,
  onOutput,
}: ShellCommand): Promise<ShellResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', command], {
      cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let timedOut = false;
    let cancelled = false;
    const append = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      onOutput(text);
      output += text;
      if (output.length > OUTPUT_LIMIT * 2) output = output.slice(-OUTPUT_LIMIT);
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    const killGroup = (): void => killProcessGroup(child.pid);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    const ticker = setInterval(onTick, 1000);
    const onAbort = (): void => {
      cancelled = true;
      killGroup();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      clearTimeout(timer);
      clearInterval(ticker);
      reject(error);
    });
    child.on('close', (exitCode, exitSignal) => {
      clearTimeout(timer);
      clearInterval(ticker);
      signal.removeEventListener('abort', onAbort);
      resolve({
        exitCode,
        signal: exitSignal,
        timedOut,
        cancelled,
        output: output.length > OUTPUT_LIMIT ? output.slice(-OUTPUT_LIMIT) : output,
      });
    });
  });
}

/** How a command that did not succeed ended, in words: "exited with code 3", "timed out after 30s"… */
export function describeExit(result: ShellResult, timeoutMs: number): string {
  if (result.cancelled) return 'was cancelled';
  if (result.timedOut) return `timed out after ${Math.round(timeoutMs / 1000)}s`;
  if (result.exitCode === null) return `was killed by ${result.signal ?? 'a signal'}`;
  return `exited with code ${result.exitCode}`;
}

/** Stops a process started `detached` and everything it started: SIGTERM, then SIGKILL 5 s later. */
export function killProcessGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGTERM');
    setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000).unref();
  } catch {
    // already gone
  }
}
