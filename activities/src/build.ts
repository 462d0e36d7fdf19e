import type { BuildSpec } from '@slipway/domain';
import type { BuildResult, Commit } from '@slipway/temporal';
import { lstat, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactStore } from './artifact-store';
import { describeExit, runShell } from './shell';

export interface BuildRequest {
  /** The project's name: a build is recorded per project and commit. */
  project: string;
  commit: Pick<Commit, 'sha'>;
  build: BuildSpec;
  /** A folder of this call's own, such as one under the deployment's workspace: it is emptied first. */
  workDir: string;
  /** Puts a clean copy of the commit's tree at `dir`, which does not exist yet (RepositorySource.checkout). */
  checkout: (dir: string) => Promise<void>;
  store: ArtifactStore;
  env: Record<string, string>;
  signal: AbortSignal;
  onTick: () => void;
  onOutput: (text: string) => void;
}

export type BuildErrorCode = 'BuildStepFailed' | 'BuildCancelled' | 'ArtifactPathMissing' | 'PackFailed';

export class BuildError extends Error {
  override readonly name = 'BuildError';

  constructor(
    readonly code: BuildErrorCode,
    message: string,
    /** The end of what the failing command printed. */
    readonly output = '',
  ) {
    super(message);
  }
}

/** How long packing the artifact may take. */
const PACK_TIMEOUT_MS = 30 * 60_000;

/**
 * Same files, same bytes: entries in name order, every timestamp and owner fixed, and gzip
 * without the name and time it would otherwise write into its header.
 */
const PACK_COMMAND =
  'tar --create --format=gnu --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner ' +
  '--directory=src --null --verbatim-files-from --files-from=artifact.files | gzip -n > artifact.tar.gz';

/**
 * Builds a commit once: a commit already built (and still in the store) returns its artifact
 * without running anything, so every environment deploys the same bytes.
 */
export async function buildArtifact(request: BuildRequest): Promise<BuildResult> {
  const { project, commit, build, workDir, checkout, store, env, signal, onTick, onOutput } = request;
  const built = await store.findBuild(project, commit.sha);
  if (built !== null && (await store.has(built.digest))) {
    onOutput(`${commit.sha.slice(0, 12)} was built before: reusing artifact sha256:${built.digest}\n`);
    return { artifact: built, built: false };
  }
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  const checkoutDir = join(workDir, 'src');
  await checkout(checkoutDir);
  for (const step of build.steps) {
    if (signal.aborted)
      throw new BuildError('BuildCancelled', `the build was cancelled before step "${step.name}"`);
    onOutput(`build step "${step.name}": ${step.run}\n`);
    const result = await runShell({
      command: step.run,
      cwd: checkoutDir,
      env,
      timeoutMs: step.timeout,
      signal,
      onTick,
      onOutput,
    });
    if (result.exitCode !== 0) {
      const code = result.cancelled ? 'BuildCancelled' : 'BuildStepFailed';
      throw new BuildError(
        code,
        `build step "${step.name}" ${describeExit(result, step.timeout)}`,
        result.output,
      );
    }
  }
  const tarball = await pack(request, checkoutDir);
  try {
    const packed = await store.put(tarball);
    const artifact = await store.recordBuild(project, commit.sha, packed);
    onOutput(`artifact sha256:${artifact.digest} (${artifact.size} bytes)\n`);
    return { artifact, built: true };
  } finally {
    await rm(tarball, { force: true });
  }
}

/** Packs the declared paths, or the whole checkout, into `<workDir>/artifact.tar.gz`. */
async function pack(
  { build, workDir, env, signal, onTick, onOutput }: BuildRequest,
  checkoutDir: string,
): Promise<string> {
  const paths = build.artifact ?? (await readdir(checkoutDir));
  for (const path of paths) {
    const found = await lstat(join(checkoutDir, path)).then(
      () => true,
      () => false,
    );
    if (!found) {
      throw new BuildError(
        'ArtifactPathMissing',
        `build.artifact path "${path}" does not exist after the build steps ran`,
      );
    }
  }
  await writeFile(
    join(workDir, 'artifact.files'),
    paths
      .toSorted()
      .map((path) => `${path}\0`)
      .join(''),
  );
  const result = await runShell({
    command: PACK_COMMAND,
    cwd: workDir,
    // Only what tar and gzip need: a variable such as TAR_OPTIONS or GZIP must not change the bytes.
    env: { PATH: env.PATH ?? '/usr/local/bin:/usr/bin:/bin', LC_ALL: 'C' },
    timeoutMs: PACK_TIMEOUT_MS,
    signal,
    onTick,
    onOutput,
  });
  if (result.exitCode !== 0) {
    const code = result.cancelled ? 'BuildCancelled' : 'PackFailed';
    throw new BuildError(
      code,
      `packing the artifact ${describeExit(result, PACK_TIMEOUT_MS)}`,
      result.output,
    );
  }
  return join(workDir, 'artifact.tar.gz');
}
