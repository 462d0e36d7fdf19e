import type { BuildSpec } from '@slipway/domain';
import { GitMirror } from '@slipway/git';
import type { Artifact } from '@slipway/temporal';
import { createGitRepository, scratchDir } from '@slipway/testing';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DirectoryArtifactStore } from './artifact-store';
import { buildArtifact, type BuildRequest } from './build';

const PROJECT = 'shop';

describe('buildArtifact', () => {
  let dir: string;
  let sha: string;
  let mirror: GitMirror;
  let store: DirectoryArtifactStore;
  let output: string;
  beforeEach(() => {
    dir = scratchDir('build');
    const repository = join(dir, 'repository');
    sha = createGitRepository(repository, {
      'app.js': 'console.log("shop");\n',
      'README.md': '# shop\n',
    });
    mirror = new GitMirror(repository, join(dir, 'git'));
    store = new DirectoryArtifactStore(join(dir, 'artifacts'));
    output = '';
  });

  /** Builds, and remembers whether this call built or reused. */
  let lastBuilt: boolean | null = null;
  async function build(spec: BuildSpec, overrides: Partial<BuildRequest> = {}): Promise<Artifact> {
    const result = await buildArtifact({
      project: PROJECT,
      commit: { sha },
      build: spec,
      workDir: join(dir, 'work'),
      checkout: (target) => mirror.checkout(sha, target),
      store,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      signal: new AbortController().signal,
      onTick: () => undefined,
      onOutput: (text) => (output += text),
      ...overrides,
    });
    lastBuilt = result.built;
    return result.artifact;
  }

  /** What a release would unpack: the artifact's entries, fetched from the store. */
  async function contentsOf(artifact: Artifact): Promise<string[]> {
    const file = join(dir, `fetched-${artifact.digest}.tar.gz`);
    await store.fetch(artifact, file);
    return execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
  }

  function readFromArtifact(artifact: Artifact, entry: string): string {
    const file = join(dir, 'artifacts', 'sha256', artifact.digest.slice(0, 2), `${artifact.digest}.tar.gz`);
    return execFileSync('tar', ['-xzOf', file, entry], { encoding: 'utf8' });
  }

  it('runs the steps in order in a clean checkout and packs only the declared paths', async () => {
    mkdirSync(join(dir, 'work', 'src'), { recursive: true });
    writeFileSync(join(dir, 'work', 'src', 'stale.txt'), 'left by an earlier build');

    const artifact = await build({
      steps: [
        {
          name: 'prepare',
          run: 'test ! -e stale.txt && mkdir dist && echo one > dist/order.txt',
          timeout: 60_000,
        },
        { name: 'compile', run: 'echo two >> dist/order.txt && cp app.js dist/', timeout: 60_000 },
      ],
      artifact: ['dist'],
    });

    expect(await contentsOf(artifact)).toEqual(['dist/', 'dist/app.js', 'dist/order.txt']);
    expect(readFromArtifact(artifact, 'dist/order.txt')).toBe('one\ntwo\n');
    expect(output).toContain('build step "prepare"');
    expect(output).toContain('build step "compile"');
  });

  it('packs the whole checkout when no paths are declared', async () => {
    const artifact = await build({
      steps: [{ name: 'compile', run: 'echo built > out.txt', timeout: 60_000 }],
    });

    expect(await contentsOf(artifact)).toEqual(['.slipway-commit', 'README.md', 'app.js', 'out.txt']);
  });

  it('builds a commit once: the next build returns the same artifact without running the steps', async () => {
    const counter = join(dir, 'builds-run.txt');
    const spec = { steps: [{ name: 'compile', run: `echo ran >> ${counter}`, timeout: 60_000 }] };

    const first = await build(spec, { workDir: join(dir, 'work-1') });
    expect(lastBuilt).toBe(true);
    output = '';
    const second = await build(spec, { workDir: join(dir, 'work-2') });

    expect(second).toEqual(first);
    expect(lastBuilt).toBe(false);
    expect(readFileSync(counter, 'utf8')).toBe('ran\n');
    expect(existsSync(join(dir, 'work-2'))).toBe(false);
    expect(output).toContain(`reusing artifact sha256:${first.digest}`);
  });

  it('builds the commit again when its recorded artifact is gone from the store', async () => {
    const counter = join(dir, 'builds-run.txt');
    const spec = { steps: [{ name: 'compile', run: `echo ran >> ${counter}`, timeout: 60_000 }] };
    const first = await build(spec);
    rmSync(join(dir, 'artifacts', 'sha256'), { recursive: true });

    const again = await build(spec);

    expect(readFileSync(counter, 'utf8')).toBe('ran\nran\n');
    expect(again).toEqual(first);
    expect(await store.has(first.digest)).toBe(true);
  });

  it('gives the same digest for the same files, whenever and wherever they were built', async () => {
    const spec = {
      steps: [
        {
          name: 'compile',
          run: 'mkdir dist && cp app.js dist/ && touch -d "@$STAMP" dist/app.js',
          timeout: 60_000,
        },
      ],
      artifact: ['dist'],
    };

    const monday = await build(spec, { env: { PATH: process.env.PATH ?? '', STAMP: '1000000000' } });
    const tuesday = await build(spec, {
      store: new DirectoryArtifactStore(join(dir, 'other-artifacts')),
      workDir: join(dir, 'other-work'),
      env: { PATH: process.env.PATH ?? '', STAMP: '2000000000' },
    });

    expect(tuesday.digest).toBe(monday.digest);
  });

  it('fails naming a declared path the build did not make, and records no build', async () => {
    const build$ = build({
      steps: [{ name: 'compile', run: 'mkdir dist && touch dist/app.js', timeout: 60_000 }],
      artifact: ['dist', 'public/assets'],
    });

    await expect(build$).rejects.toMatchObject({
      code: 'ArtifactPathMissing',
      message: 'build.artifact path "public/assets" does not exist after the build steps ran',
    });
    expect(await store.findBuild(PROJECT, sha)).toBeNull();
  });

  it('fails naming the failing step and its exit code, keeps its output and runs no later step', async () => {
    const build$ = build({
      steps: [
        { name: 'install', run: 'echo installed', timeout: 60_000 },
        { name: 'compile', run: 'echo "error TS2322 in app.ts"; exit 3', timeout: 60_000 },
        { name: 'bundle', run: `touch ${join(dir, 'bundled')}`, timeout: 60_000 },
      ],
    });

    await expect(build$).rejects.toMatchObject({
      code: 'BuildStepFailed',
      message: 'build step "compile" exited with code 3',
      output: 'error TS2322 in app.ts\n',
    });
    expect(existsSync(join(dir, 'bundled'))).toBe(false);
    expect(await store.findBuild(PROJECT, sha)).toBeNull();
  });

  it('lets two builds of the same commit run at once and agree on one artifact', async () => {
    const spec = { steps: [{ name: 'compile', run: 'sleep 0.2; echo built > out.txt', timeout: 60_000 }] };

    const [one, two] = await Promise.all([
      build(spec, { workDir: join(dir, 'work-1') }),
      build(spec, { workDir: join(dir, 'work-2') }),
    ]);

    expect(two).toEqual(one);
    expect(await store.findBuild(PROJECT, sha)).toEqual(one);
    expect(readdirSync(join(dir, 'artifacts', 'sha256', one.digest.slice(0, 2)))).toEqual([
      `${one.digest}.tar.gz`,
    ]);
    expect(readdirSync(join(dir, 'artifacts', 'tmp'))).toEqual([]);
  });
});
