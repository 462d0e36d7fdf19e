import type { ReleaseStepSpec } from '@slipway/domain';
import type { Artifact } from '@slipway/temporal';
import { scratchDir } from '@slipway/testing';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DirectoryArtifactStore } from './artifact-store';
import { deployRelease, undoRelease, type DeployReleaseRequest } from './release-step';

/** Appends "<version> <cwd> <SLIPWAY_RELEASE_DIR>" to the log: which release started, and where. */
const START =
  'echo "$(cat version.txt) $PWD $SLIPWAY_RELEASE_DIR" >> "$START_LOG"; test "$FAIL_START" != yes';

describe('release step', () => {
  let dir: string;
  let target: string;
  let startLog: string;
  let store: DirectoryArtifactStore;
  let output: string;
  beforeEach(() => {
    dir = scratchDir('release');
    target = join(dir, 'target');
    startLog = join(dir, 'starts.log');
    store = new DirectoryArtifactStore(join(dir, 'artifacts'));
    output = '';
  });

  function releaseStep(overrides: Partial<ReleaseStepSpec> = {}): ReleaseStepSpec {
    return { name: 'release', type: 'release', start: START, keep: 5, timeout: 60_000, ...overrides };
  }

  /** A built artifact holding version.txt, as the build would have stored it. */
  async function artifactOf(version: string): Promise<Artifact> {
    const tree = join(dir, 'trees', version);
    mkdirSync(join(tree, 'public'), { recursive: true });
    writeFileSync(join(tree, 'version.txt'), version);
    writeFileSync(join(tree, 'public', 'index.html'), `<h1>${version}</h1>`);
    execFileSync('tar', ['-czf', `${tree}.tar.gz`, '-C', tree, '.']);
    return store.put(`${tree}.tar.gz`);
  }

  function context(releaseId: string, failStart = false): Omit<DeployReleaseRequest, 'artifact'> {
    return {
      step: releaseStep(),
      targetDir: target,
      releaseId,
      store,
      env: { PATH: process.env.PATH ?? '', START_LOG: startLog, FAIL_START: failStart ? 'yes' : 'no' },
      signal: new AbortController().signal,
      onTick: () => undefined,
      onOutput: (text) => (output += text),
    };
  }

  const deploy = (releaseId: string, artifact: Artifact, overrides: Partial<DeployReleaseRequest> = {}) =>
    deployRelease({ ...context(releaseId), artifact, ...overrides });
  const undo = (releaseId: string, overrides: Partial<DeployReleaseRequest> = {}) =>
    undoRelease({ ...context(releaseId), ...overrides });
  const current = (): string => readlinkSync(join(target, 'current'));
  const starts = (): string[] => readFileSync(startLog, 'utf8').trim().split('\n');
  const releases = (): string[] => readdirSync(join(target, 'releases')).sort();

  it('unpacks the artifact into releases/<id>, points current at it and starts it there', async () => {
    const v1 = await artifactOf('v1');

    const summary = await deploy('d1', v1);

    const releaseDir = join(target, 'releases', 'd1');
    expect(current()).toBe('releases/d1');
    expect(readFileSync(join(target, 'current', 'public', 'index.html'), 'utf8')).toBe('<h1>v1</h1>');
    expect(starts()).toEqual([`v1 ${releaseDir} ${releaseDir}`]);
    expect(releases()).toEqual(['d1', 'd1.json']);
    expect(summary).toBe(`release d1 (sha256:${v1.digest.slice(0, 12)}…) is current; previous: none; kept 1`);
  });

  it('deploys into the step path when the step names one', async () => {
    const elsewhere = join(dir, 'srv', 'shop');

    await deploy('d1', await artifactOf('v1'), { step: releaseStep({ path: elsewhere }) });

    expect(readlinkSync(join(elsewhere, 'current'))).toBe('releases/d1');
    expect(existsSync(target)).toBe(false);
  });

  it('undo goes back to the release current pointed at before and starts it again', async () => {
    await deploy('d1', await artifactOf('v1'));
    const summary = await deploy('d2', await artifactOf('v2'));
    expect(summary).toContain('is current; previous: d1;');

    const undone = await undo('d2');

    expect(current()).toBe('releases/d1');
    expect(starts().map((line) => line.split(' ')[0])).toEqual(['v1', 'v2', 'v1']);
    expect(starts().at(-1)).toBe(`v1 ${join(target, 'releases', 'd1')} ${join(target, 'releases', 'd1')}`);
    expect(undone).toBe('current is back on release d1 (from d2); start ran there');
  });

  it('undo changes nothing when the release never became current, or was already undone', async () => {
    await deploy('d1', await artifactOf('v1'));
    await deploy('d2', await artifactOf('v2'));
    await undo('d2');
    const startsBefore = starts();

    expect(await undo('d3')).toBe('release d3 is not current (current: d1): nothing to undo');
    expect(await undo('d2')).toBe('release d2 is not current (current: d1): nothing to undo');

    expect(current()).toBe('releases/d1');
    expect(starts()).toEqual(startsBefore);
  });

  it('fails the step when start fails; a retry keeps the true previous release and does not unpack again', async () => {
    await deploy('d1', await artifactOf('v1'));
    const v2 = await artifactOf('v2');

    await expect(deployRelease({ ...context('d2', true), artifact: v2 })).rejects.toMatchObject({
      code: 'StartFailed',
      message: expect.stringMatching(
        /^start command ".*" in .*\/releases\/d2 exited with code 1$/,
      ) as unknown,
    });
    expect(current()).toBe('releases/d2');
    output = '';
    const retried = await deploy('d2', v2);

    expect(retried).toContain('previous: d1;');
    expect(output).toContain('releases/d2 is already unpacked');
    await undo('d2');
    expect(current()).toBe('releases/d1');
  });

  it('undo of the very first release removes current and says so', async () => {
    await deploy('d1', await artifactOf('v1'));

    const undone = await undo('d1');

    expect(existsSync(join(target, 'current'))).toBe(false);
    expect(undone).toBe(
      `release d1 was the first release here: removed ${join(target, 'current')}; no earlier release to start`,
    );
    expect(starts()).toHaveLength(1);
  });

  it('an undo whose start failed starts the old release again when retried', async () => {
    await deploy('d1', await artifactOf('v1'));
    await deploy('d2', await artifactOf('v2'));

    await expect(undoRelease(context('d2', true))).rejects.toMatchObject({ code: 'StartFailed' });
    expect(current()).toBe('releases/d1');
    const retried = await undo('d2');

    expect(retried).toBe('current was already back on release d1 (from d2); start ran there again');
    expect(starts().map((line) => line.split(' ')[0])).toEqual(['v1', 'v2', 'v1', 'v1']);
    expect(await undo('d2')).toContain('nothing to undo');
  });

  it('keeps the newest releases in the order they were deployed', async () => {
    const step = releaseStep({ keep: 3 });
    for (const id of ['d1', 'd2', 'd3', 'd4', 'd5']) {
      const summary = await deploy(id, await artifactOf(id), { step });
      expect(summary).toContain(`kept ${Math.min(Number(id.slice(1)), 3)}`);
    }

    expect(releases()).toEqual(['d3', 'd3.json', 'd4', 'd4.json', 'd5', 'd5.json']);
  });

  it('never prunes the release an undo would go back to, however old', async () => {
    const step = releaseStep({ keep: 2 });
    await deploy('d1', await artifactOf('v1'), { step });
    await deploy('d2', await artifactOf('v2'), { step });
    await undo('d2', { step });

    const summary = await deploy('d3', await artifactOf('v3'), { step });

    expect(summary).toContain('previous: d1; kept 2');
    expect(releases()).toEqual(['d1', 'd1.json', 'd3', 'd3.json']);
    expect(await undo('d3', { step })).toBe('current is back on release d1 (from d3); start ran there');
  });

  it('never shows a half-unpacked release: a corrupt artifact leaves releases/ and current as they were', async () => {
    await deploy('d1', await artifactOf('v1'));
    const v2 = await artifactOf('v2');
    writeFileSync(join(dir, 'artifacts', 'sha256', v2.digest.slice(0, 2), `${v2.digest}.tar.gz`), 'garbage');

    await expect(deploy('d2', v2)).rejects.toMatchObject({
      message: expect.stringContaining(`sha256:${v2.digest}`) as unknown,
    });

    expect(current()).toBe('releases/d1');
    expect(releases()).toEqual(['d1', 'd1.json', 'd2.json']);
  });

  it('refuses a release id that is not a safe folder name', async () => {
    await expect(deploy('../../etc', await artifactOf('v1'))).rejects.toMatchObject({
      code: 'InvalidReleaseId',
    });
    expect(existsSync(target)).toBe(false);
  });
});
