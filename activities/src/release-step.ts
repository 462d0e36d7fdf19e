import type { ReleaseStepSpec } from '@slipway/domain';
import type { Artifact } from '@slipway/temporal';
import { randomUUID } from 'node:crypto';
import { link, mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ArtifactStore } from './artifact-store';
import { parseJsonObject, pathExists } from './files';
import { describeExit, runShell } from './shell';

export interface UndoReleaseRequest {
  step: ReleaseStepSpec;
  /** Holds releases/ and current when the step has no `path` of its own: $SLIPWAY_TARGET_DIR. */
  targetDir: string;
  /** The deployment's id; the release's folder is named after it. */
  releaseId: string;
  env: Record<string, string>;
  signal: AbortSignal;
  onTick: () => void;
  onOutput: (text: string) => void;
}

export interface DeployReleaseRequest extends UndoReleaseRequest {
  artifact: Artifact;
  store: ArtifactStore;
}

export type ReleaseErrorCode =
  | 'InvalidReleaseId'
  | 'CurrentNotARelease'
  | 'ReleaseConflict'
  | 'ReleaseRecordMissing'
  | 'PreviousReleaseMissing'
  | 'UnpackFailed'
  | 'StartFailed'
  | 'Cancelled';

export class ReleaseError extends Error {
  override readonly name = 'ReleaseError';

  constructor(
    readonly code: ReleaseErrorCode,
    message: string,
    /** The end of what the failing command printed. */
    readonly output = '',
  ) {
    super(message);
  }
}

/** What the target remembers of a release, written once, before current is switched to it. */
interface ReleaseRecord {
  id: string;
  digest: string;
  /** Deployment order on this target: pruning keeps the newest. */
  sequence: number;
  /** The release current pointed at before this one: where an undo goes back to. */
  previous: string | null;
  deployedAt: string;
}

const RELEASE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/**
 * Unpacks the artifact into `<target>/releases/<id>`, points `<target>/current` at it and runs the
 * step's start command there, then prunes old releases. Safe to retry: a retry reuses the unpacked
 * release and keeps the previous release the first attempt saw.
 */
export async function deployRelease(request: DeployReleaseRequest): Promise<string> {
  const { step, releaseId, artifact, onOutput } = request;
  checkReleaseId(releaseId);
  const target = new ReleaseTarget(step.path ?? request.targetDir);
  const deadline = Date.now() + step.timeout;
  await mkdir(target.releasesDir, { recursive: true });
  const before = await target.current();
  if (before !== null && before.release === null) {
    throw new ReleaseError(
      'CurrentNotARelease',
      `${target.currentPath} points at ${before.path}, not at a folder of ${target.releasesDir}: ` +
        'move it away (or point it at a release there) so a deployment can be undone',
    );
  }
  const record = await target.recordOnce({
    id: releaseId,
    digest: artifact.digest,
    previous: before?.release === releaseId ? null : (before?.release ?? null),
  });
  if (record.digest !== artifact.digest) {
    throw new ReleaseError(
      'ReleaseConflict',
      `release ${releaseId} was deployed from sha256:${record.digest}, not sha256:${artifact.digest}`,
    );
  }
  await unpack(request, target, deadline);
  if (before?.release !== releaseId) {
    await target.switchTo(releaseId);
    onOutput(`current → releases/${releaseId} (was ${before?.release ?? 'nothing'})\n`);
  }
  await start(request, target.dirOf(releaseId), deadline - Date.now());
  const { kept, problems } = await target.prune(
    request.step.keep,
    new Set([releaseId, ...(record.previous === null ? [] : [record.previous])]),
  );
  return [
    `release ${releaseId} (sha256:${artifact.digest.slice(0, 12)}…) is current`,
    `previous: ${record.previous ?? 'none'}`,
    `kept ${kept}`,
    ...problems,
  ].join('; ');
}

/**
 * Undoes a release: when current points at it, current goes back to the release before it, whose
 * start command runs again. Safe to retry, and a no-op when the release is not current.
 */
export async function undoRelease(request: UndoReleaseRequest): Promise<string> {
  const { step, releaseId } = request;
  checkReleaseId(releaseId);
  const target = new ReleaseTarget(step.path ?? request.targetDir);
  const current = (await target.current())?.release ?? null;
  const record = await target.findRecord(releaseId);
  if (current === releaseId) {
    if (record === null) {
      throw new ReleaseError(
        'ReleaseRecordMissing',
        `${target.recordOf(releaseId)} is missing, so the release before ${releaseId} is unknown: ` +
          `point ${target.currentPath} at the right release by hand`,
      );
    }
    if (record.previous === null) {
      await rm(target.currentPath, { force: true });
      return (
        `release ${releaseId} was the first release here: removed ${target.currentPath}; ` +
        'no earlier release to start'
      );
    }
    const previousDir = target.dirOf(record.previous);
    if (!(await pathExists(previousDir))) {
      throw new ReleaseError(
        'PreviousReleaseMissing',
        `cannot go back to release ${record.previous}: ${previousDir} no longer exists`,
      );
    }
    // Marks that current was switched back but start has not run yet, for a retry to finish.
    await writeFile(target.undoMarkerOf(releaseId), '');
    await target.switchTo(record.previous);
    await start(request, previousDir, step.timeout);
    await rm(target.undoMarkerOf(releaseId), { force: true });
    return `current is back on release ${record.previous} (from ${releaseId}); start ran there`;
  }
  const previous = record?.previous ?? null;
  if (previous !== null && current === previous && (await pathExists(target.undoMarkerOf(releaseId)))) {
    await start(request, target.dirOf(previous), step.timeout);
    await rm(target.undoMarkerOf(releaseId), { force: true });
    return `current was already back on release ${previous} (from ${releaseId}); start ran there again`;
  }
  return `release ${releaseId} is not current (current: ${current ?? 'none'}): nothing to undo`;
}

function checkReleaseId(id: string): void {
  if (!RELEASE_ID.test(id)) {
    throw new ReleaseError(
      'InvalidReleaseId',
      `"${id}" cannot name a release folder: use letters, digits, - and _ (at most 128)`,
    );
  }
}

/** Fetches and unpacks the artifact beside releases/<id>, then renames it into place whole. */
async function unpack(
  { releaseId, artifact, store, env, signal, onTick, onOutput }: DeployReleaseRequest,
  target: ReleaseTarget,
  deadline: number,
): Promise<void> {
  const dir = target.dirOf(releaseId);
  if (await pathExists(dir)) {
    onOutput(`releases/${releaseId} is already unpacked\n`);
    return;
  }
  const partial = `.${releaseId}.${randomUUID()}.partial`;
  const tarball = `${partial}.tar.gz`;
  try {
    await store.fetch(artifact, join(target.releasesDir, tarball));
    await mkdir(join(target.releasesDir, partial));
    const timeoutMs = Math.max(1, deadline - Date.now());
    const result = await runShell({
      // Both names are made of safe characters only: no quoting needed.
      command: `tar --extract --gzip --no-same-owner --file=${tarball} --directory=${partial}`,
      cwd: target.releasesDir,
      env: { PATH: env.PATH ?? '/usr/local/bin:/usr/bin:/bin', LC_ALL: 'C' },
      timeoutMs,
      signal,
      onTick,
      onOutput,
    });
    if (result.exitCode !== 0) {
      const code = result.cancelled ? 'Cancelled' : 'UnpackFailed';
      throw new ReleaseError(
        code,
        `unpacking sha256:${artifact.digest} ${describeExit(result, timeoutMs)}`,
        result.output,
      );
    }
    await rename(join(target.releasesDir, partial), dir).catch(async (error: unknown) => {
      // Another attempt at the same release unpacked it first: the same bytes, so theirs will do.
      if (!(await pathExists(dir))) throw error;
    });
    onOutput(`unpacked sha256:${artifact.digest} into releases/${releaseId}\n`);
  } finally {
    await rm(join(target.releasesDir, partial), { recursive: true, force: true });
    await rm(join(target.releasesDir, tarball), { force: true });
  }
}

async function start(
  { step, releaseId, env, signal, onTick, onOutput }: UndoReleaseRequest,
  dir: string,
  timeoutMs: number,
): Promise<void> {
  if (signal.aborted) throw new ReleaseError('Cancelled', `release ${releaseId} was cancelled before start`);
  onOutput(`start in ${dir}: ${step.start}\n`);
  const result = await runShell({
    command: step.start,
    cwd: dir,
    env: { ...env, SLIPWAY_RELEASE_DIR: dir },
    timeoutMs: Math.max(1, timeoutMs),
    signal,
    onTick,
    onOutput,
  });
  if (result.exitCode !== 0) {
    const code = result.cancelled ? 'Cancelled' : 'StartFailed';
    throw new ReleaseError(
      code,
      `start command "${step.start}" in ${dir} ${describeExit(result, timeoutMs)}`,
      result.output,
    );
  }
}

/** One target folder: `releases/<id>/`, `releases/<id>.json` (its record) and the `current` link. */
class ReleaseTarget {
  readonly releasesDir: string;
  readonly currentPath: string;

  constructor(readonly root: string) {
    this.releasesDir = join(root, 'releases');
    this.currentPath = join(root, 'current');
  }

  dirOf(id: string): string {
    return join(this.releasesDir, id);
  }

  recordOf(id: string): string {
    return join(this.releasesDir, `${id}.json`);
  }

  undoMarkerOf(id: string): string {
    return join(this.releasesDir, `${id}.undoing`);
  }

  /** Where current points (null when there is no current), and the release that is, if it is one. */
  async current(): Promise<{ path: string; release: string | null } | null> {
    let pointsAt: string;
    try {
      pointsAt = resolve(this.root, await readlink(this.currentPath));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      if (code === 'EINVAL') {
        throw new ReleaseError(
          'CurrentNotARelease',
          `${this.currentPath} is not a symbolic link: move it away so releases can be switched`,
        );
      }
      throw error;
    }
    const id = basename(pointsAt);
    const isRelease = dirname(pointsAt) === this.releasesDir && RELEASE_ID.test(id);
    return { path: pointsAt, release: isRelease ? id : null };
  }

  /** Points current at a release in one step: a new link renamed over the old one. */
  async switchTo(id: string): Promise<void> {
    const temporary = join(this.root, `.current.${randomUUID()}`);
    await symlink(join('releases', id), temporary);
    try {
      await rename(temporary, this.currentPath);
    } finally {
      await rm(temporary, { force: true });
    }
  }

  async findRecord(id: string): Promise<ReleaseRecord | null> {
    try {
      return parseRecord(await readFile(this.recordOf(id), 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** Writes the release's record unless one exists, and returns the one that does. */
  async recordOnce(release: Pick<ReleaseRecord, 'id' | 'digest' | 'previous'>): Promise<ReleaseRecord> {
    const found = await this.findRecord(release.id);
    if (found !== null) return found;
    const sequence = Math.max(0, ...(await this.records()).map((record) => record.sequence)) + 1;
    const record: ReleaseRecord = { ...release, sequence, deployedAt: new Date().toISOString() };
    const path = this.recordOf(release.id);
    const temporary = `${path}.${randomUUID()}.partial`;
    try {
      await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`, { flush: true });
      // A hard link fails when the name exists: a concurrent attempt's record is as good as ours.
      await link(temporary, path);
      return record;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const winner = await this.findRecord(release.id);
      if (winner === null) throw error;
      return winner;
    } finally {
      await rm(temporary, { force: true });
    }
  }

  /**
   * Removes the oldest releases so that `keep` remain, never one of `protect` (current and the
   * release an undo would go back to). Releases without a record are not Slipway's: left alone.
   */
  async prune(keep: number, protect: Set<string>): Promise<{ kept: number; problems: string[] }> {
    const records = (await this.records()).sort(
      (a, b) => b.sequence - a.sequence || b.id.localeCompare(a.id),
    );
    let slots = keep - records.filter((record) => protect.has(record.id)).length;
    let kept = 0;
    const problems: string[] = [];
    for (const { id } of records) {
      if (protect.has(id) || slots > 0) {
        if (!protect.has(id)) slots -= 1;
        kept += 1;
        continue;
      }
      try {
        await rm(this.dirOf(id), { recursive: true, force: true });
        await rm(this.undoMarkerOf(id), { force: true });
        // The record goes last: a release half removed is still known, and pruned again next time.
        await rm(this.recordOf(id), { force: true });
      } catch (error) {
        // The new release is running: a folder that will not go away is worth a word, not a rollback.
        kept += 1;
        problems.push(`could not remove release ${id}: ${(error as Error).message}`);
      }
    }
    return { kept, problems };
  }

  private async records(): Promise<ReleaseRecord[]> {
    const names = await readdir(this.releasesDir);
    const records: ReleaseRecord[] = [];
    for (const name of names) {
      const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
      if (!RELEASE_ID.test(id)) continue;
      const record = await this.findRecord(id);
      if (record !== null) records.push(record);
    }
    return records;
  }
}

/** A record that does not parse is treated as absent. */
function parseRecord(text: string): ReleaseRecord | null {
  const value = parseJsonObject(text);
  if (value === null) return null;
  const { id, digest, sequence, previous, deployedAt } = value;
  if (
    typeof id !== 'string' ||
    typeof digest !== 'string' ||
    typeof sequence !== 'number' ||
    (typeof previous !== 'string' && previous !== null) ||
    typeof deployedAt !== 'string'
  ) {
    return null;
  }
  return { id, digest, sequence, previous, deployedAt };
}
