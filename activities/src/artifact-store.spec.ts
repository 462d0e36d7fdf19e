import { scratchDir } from '@slipway/testing';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DirectoryArtifactStore } from './artifact-store';

const SHA_A = 'a'.repeat(40);

function sha256sum(path: string): string {
  return execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0]!;
}

/** Every file under a folder, as paths relative to it. */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
}

describe('DirectoryArtifactStore', () => {
  let dir: string;
  let store: DirectoryArtifactStore;
  beforeEach(() => {
    dir = scratchDir('artifact-store');
    store = new DirectoryArtifactStore(join(dir, 'artifacts'));
  });

  function tarball(name: string, content: string): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  it('stores a tarball under the sha256 that sha256sum prints, leaving the original in place', async () => {
    const source = tarball('app.tar.gz', 'pretend this is gzip');

    const artifact = await store.put(source);

    const stored = join(dir, 'artifacts', 'sha256', artifact.digest.slice(0, 2), `${artifact.digest}.tar.gz`);
    expect(artifact).toEqual({ digest: sha256sum(source), size: 20 });
    expect(sha256sum(stored)).toBe(artifact.digest);
    expect(readFileSync(source, 'utf8')).toBe('pretend this is gzip');
    expect(await store.has(artifact.digest)).toBe(true);
    expect(await store.has('0'.repeat(64))).toBe(false);
  });

  it('keeps one file when the same bytes are stored twice, or ten times at once', async () => {
    const first = await store.put(tarball('one.tar.gz', 'same bytes'));
    const again = await Promise.all(
      Array.from({ length: 10 }, (_, index) => store.put(tarball(`copy-${index}.tar.gz`, 'same bytes'))),
    );

    expect(again.every((artifact) => artifact.digest === first.digest)).toBe(true);
    expect(filesUnder(join(dir, 'artifacts'))).toEqual([
      `sha256/${first.digest.slice(0, 2)}/${first.digest}.tar.gz`,
    ]);
  });

  it('fetches a copy that is byte for byte what was stored', async () => {
    const artifact = await store.put(tarball('app.tar.gz', 'release 1.2.3'));

    await store.fetch(artifact, join(dir, 'deploy', 'fetched.tar.gz'));

    expect(readFileSync(join(dir, 'deploy', 'fetched.tar.gz'), 'utf8')).toBe('release 1.2.3');
    expect(readdirSync(join(dir, 'deploy'))).toEqual(['fetched.tar.gz']);
  });

  it('refuses a stored file whose bytes changed, naming the digest, and leaves nothing at the destination', async () => {
    const artifact = await store.put(tarball('app.tar.gz', 'release 1.2.3'));
    const stored = join(dir, 'artifacts', 'sha256', artifact.digest.slice(0, 2), `${artifact.digest}.tar.gz`);
    writeFileSync(stored, 'release 6.6.6');

    await expect(store.fetch(artifact, join(dir, 'deploy', 'fetched.tar.gz'))).rejects.toMatchObject({
      code: 'ArtifactCorrupt',
      message: expect.stringContaining(`sha256:${artifact.digest} is corrupt`) as unknown,
    });
    expect(readdirSync(join(dir, 'deploy'))).toEqual([]);
  });

  it('says which artifact is missing when it is not in the store', async () => {
    const missing = { digest: 'f'.repeat(64), size: 1 };

    await expect(store.fetch(missing, join(dir, 'fetched.tar.gz'))).rejects.toMatchObject({
      code: 'ArtifactMissing',
      message: expect.stringContaining(`sha256:${'f'.repeat(64)}`) as unknown,
    });
  });

  it('refuses a digest that is not 64 hex digits, so no name can leave the store', async () => {
    await expect(store.has('../../etc/passwd')).rejects.toMatchObject({ code: 'InvalidArtifactKey' });
  });

  it('remembers the artifact a commit built to, in builds/<project>/<sha>.json', async () => {
    const artifact = await store.put(tarball('app.tar.gz', 'built once'));
    expect(await store.findBuild('shop', SHA_A)).toBeNull();

    expect(await store.recordBuild('shop', SHA_A, artifact)).toEqual(artifact);

    expect(await store.findBuild('shop', SHA_A)).toEqual(artifact);
    expect(await store.findBuild('other-project', SHA_A)).toBeNull();
    const record: unknown = JSON.parse(
      readFileSync(join(dir, 'artifacts', 'builds', 'shop', `${SHA_A}.json`), 'utf8'),
    );
    expect(record).toEqual(artifact);
  });

  it('keeps the first recorded build of a commit while its artifact is stored', async () => {
    const first = await store.put(tarball('first.tar.gz', 'first build'));
    const second = await store.put(tarball('second.tar.gz', 'second build'));
    await store.recordBuild('shop', SHA_A, first);

    expect(await store.recordBuild('shop', SHA_A, second)).toEqual(first);
    expect(await store.findBuild('shop', SHA_A)).toEqual(first);
    expect(filesUnder(join(dir, 'artifacts', 'builds'))).toEqual([`shop/${SHA_A}.json`]);
  });

  it('replaces a recorded build whose artifact is gone from the store', async () => {
    const gone = { digest: 'e'.repeat(64), size: 3 };
    const rebuilt = await store.put(tarball('rebuilt.tar.gz', 'rebuilt'));
    await store.recordBuild('shop', SHA_A, gone);

    expect(await store.recordBuild('shop', SHA_A, rebuilt)).toEqual(rebuilt);
    expect(await store.findBuild('shop', SHA_A)).toEqual(rebuilt);
  });
});
