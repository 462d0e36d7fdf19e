import type { Artifact } from '@slipway/temporal';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseJsonObject, pathExists } from './files';

/**
 * Where built artifacts live, by content: the same bytes are stored once, under their sha256.
 * Also remembers which artifact each commit of a project built to, so a commit is built once and
 * every environment deploys the same bytes.
 */
export interface ArtifactStore {
  /** Stores a tarball (copied in; the file is left as it was); storing identical bytes twice keeps one copy. */
  put(file: string): Promise<Artifact>;
  /** Copies the artifact to `destination`, verifying its sha256 on the way; a mismatch names the digest. */
  fetch(artifact: Artifact, destination: string): Promise<void>;
  has(digest: string): Promise<boolean>;
  /** The artifact recorded for a commit, or null when it was never built. */
  findBuild(project: string, sha: string): Promise<Artifact | null>;
  /**
   * Records the artifact a commit built to. The first record whose artifact is still stored wins:
   * the artifact returned is the one every later deployment of the commit gets.
   */
  recordBuild(project: string, sha: string, artifact: Artifact): Promise<Artifact>;
}

export type ArtifactStoreErrorCode = 'ArtifactMissing' | 'ArtifactCorrupt' | 'InvalidArtifactKey';

export class ArtifactStoreError extends Error {
  override readonly name = 'ArtifactStoreError';

  constructor(
    readonly code: ArtifactStoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const DIGEST = /^[0-9a-f]{64}$/;
const COMMIT_SHA = /^[0-9a-f]{40}$/;
const PROJECT_NAME = /^[a-z0-9][a-z0-9-]*$/;

/**
 * An artifact store in a local folder (the runner uses $SLIPWAY_HOME/artifacts):
 * `sha256/<first two hex digits>/<digest>.tar.gz` for artifacts, `builds/<project>/<sha>.json`
 * for the build records. Every file appears whole or not at all: it is written under a unique
 * temporary name, flushed, then renamed into place.
 */
export class DirectoryArtifactStore implements ArtifactStore {
  constructor(readonly root: string) {}

  async put(file: string): Promise<Artifact> {
    const temporary = join(this.root, 'tmp', `${randomUUID()}.partial`);
    await mkdir(dirname(temporary), { recursive: true });
    try {
      const artifact = await copyHashing(file, temporary, { durable: true });
      const path = this.pathOf(artifact.digest);
      await mkdir(dirname(path), { recursive: true });
      // Same name, same bytes: replacing an existing copy changes nothing a reader can see.
      await rename(temporary, path);
      return artifact;
    } finally {
      await rm(temporary, { force: true });
    }
  }

  async fetch(artifact: Artifact, destination: string): Promise<void> {
    const source = this.pathOf(artifact.digest);
    if (!(await this.has(artifact.digest))) {
      throw new ArtifactStoreError(
        'ArtifactMissing',
        `artifact sha256:${artifact.digest} is not in the store (${this.root})`,
      );
    }
    await mkdir(dirname(destination), { recursive: true });
    const temporary = `${destination}.${randomUUID()}.partial`;
    try {
      // A fetched copy is scratch (a workspace, a release being unpacked): no need to wait for the disk.
      const copied = await copyHashing(source, temporary, { durable: false });
      if (copied.digest !== artifact.digest || copied.size !== artifact.size) {
        throw new ArtifactStoreError(
          'ArtifactCorrupt',
          `artifact sha256:${artifact.digest} is corrupt in the store: ${source} holds ${copied.size} bytes ` +
            `hashing to sha256:${copied.digest}, ${artifact.size} bytes were stored; build the commit again`,
        );
      }
      await rename(temporary, destination);
    } finally {
      await rm(temporary, { force: true });
    }
  }

  async has(digest: string): Promise<boolean> {
    return pathExists(this.pathOf(digest));
  }

  async findBuild(project: string, sha: string): Promise<Artifact | null> {
    let text: string;
    try {
      text = await readFile(this.buildPathOf(project, sha), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return parseArtifact(text);
  }

  async recordBuild(project: string, sha: string, artifact: Artifact): Promise<Artifact> {
    const path = this.buildPathOf(project, sha);
    checkDigest(artifact.digest);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomUUID()}.partial`;
    try {
      await writeFile(temporary, `${JSON.stringify(artifact)}\n`, { flush: true });
      try {
        // A hard link fails when the name exists: of two builds recording at once, one wins.
        await link(temporary, path);
        return artifact;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const recorded = await this.findBuild(project, sha);
      if (recorded !== null && (await this.has(recorded.digest))) return recorded;
      // The record names an artifact that is gone (or is unreadable): ours replaces it.
      await rename(temporary, path);
      return artifact;
    } finally {
      await rm(temporary, { force: true });
    }
  }

  private pathOf(digest: string): string {
    checkDigest(digest);
    return join(this.root, 'sha256', digest.slice(0, 2), `${digest}.tar.gz`);
  }

  private buildPathOf(project: string, sha: string): string {
    if (!PROJECT_NAME.test(project)) {
      throw new ArtifactStoreError('InvalidArtifactKey', `"${project}" is not a project name`);
    }
    if (!COMMIT_SHA.test(sha)) {
      throw new ArtifactStoreError('InvalidArtifactKey', `"${sha}" is not a full commit sha`);
    }
    return join(this.root, 'builds', project, `${sha}.json`);
  }
}

function checkDigest(digest: string): void {
  if (!DIGEST.test(digest)) {
    throw new ArtifactStoreError('InvalidArtifactKey', `"${digest}" is not a sha256 digest (64 hex digits)`);
  }
}

/** Copies a file while hashing it, a chunk at a time; the copy is flushed to disk before it resolves. */
async function copyHashing(
  source: string,
  target: string,
  { durable }: { durable: boolean },
): Promise<Artifact> {
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(
    createReadStream(source),
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    }),
    createWriteStream(target, { flags: 'wx', flush: durable }),
  );
  return { digest: hash.digest('hex'), size };
}

/** A record that does not parse counts as no record: the commit is built again. */
function parseArtifact(text: string): Artifact | null {
  const value = parseJsonObject(text);
  if (value === null) return null;
  const { digest, size } = value;
  if (typeof digest !== 'string' || !DIGEST.test(digest) || typeof size !== 'number') return null;
  return { digest, size };
}
