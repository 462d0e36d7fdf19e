import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Written last into a checkout, naming its commit: a folder without it is no complete checkout. */
const CHECKOUT_MARKER = '.slipway-commit';

/**
 * Puts a checkout of `sha` at `target`: `fill` writes the tree into an empty folder beside it, which
 * then takes the target's place, so a checkout cut short is never taken for a whole one. A checkout
 * already at `target` is kept.
 */
export async function writeCheckout(
  sha: string,
  target: string,
  fill: (dir: string) => Promise<void>,
): Promise<void> {
  if (existsSync(join(target, CHECKOUT_MARKER))) return;
  const partial = `${target}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  try {
    await fill(partial);
    await writeFile(join(partial, CHECKOUT_MARKER), `${sha}\n`);
    await rm(target, { recursive: true, force: true });
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}

export interface TarballOptions {
  gzip?: boolean;
  /** Leading folders dropped from every entry (a host's archive wraps the tree in one). */
  stripComponents?: number;
}

/** Unpacks a tar stream into `dir`; fails when the stream breaks off or tar refuses it. */
export async function extractTarball(
  archive: Readable,
  dir: string,
  { gzip = false, stripComponents = 0 }: TarballOptions = {},
): Promise<void> {
  const args = ['-x', '--no-same-owner', '-C', dir];
  if (gzip) args.push('-z');
  if (stripComponents > 0) args.push(`--strip-components=${stripComponents}`);
  const tar = spawn('tar', args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  tar.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    tar.once('error', reject);
    tar.once('close', resolve);
  });
  const [piped, code] = await Promise.all([
    pipeline(archive, tar.stdin).then(
      () => null,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    ),
    exited,
  ]);
  if (code !== 0) {
    throw new Error(`tar could not unpack the archive: ${stderr.trim() || `exit code ${code}`}`, {
      cause: piped,
    });
  }
  // tar may take an archive cut off between two entries for a whole one: the stream's own error says.
  if (piped !== null) throw piped;
}
