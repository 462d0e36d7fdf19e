import { scratchDir } from '@slipway/testing';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { extractTarball, writeCheckout } from './checkout';

const SHA = 'c'.repeat(40);

/** A gzipped tarball of `files`, wrapped in one folder as a host's archive is. */
function tarball(files: Record<string, string>): Buffer {
  const dir = scratchDir('tarball');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, 'acme-shop-ccccccc', name)), { recursive: true });
    writeFileSync(join(dir, 'acme-shop-ccccccc', name), content);
  }
  return execFileSync('tar', ['-czf', '-', '-C', dir, 'acme-shop-ccccccc']);
}

describe('a checkout from a host archive', () => {
  it('holds the tree without the folder it came wrapped in, and names its commit', async () => {
    const target = join(scratchDir('checkout'), 'workspace');
    const archive = tarball({ 'README.md': '# shop\n', 'src/app.js': 'run()\n' });

    await writeCheckout(SHA, target, (dir) =>
      extractTarball(Readable.from([archive]), dir, { gzip: true, stripComponents: 1 }),
    );

    expect(readdirSync(target).sort()).toEqual(['.slipway-commit', 'README.md', 'src']);
    expect(readFileSync(join(target, 'src', 'app.js'), 'utf8')).toBe('run()\n');
    expect(readFileSync(join(target, '.slipway-commit'), 'utf8')).toBe(`${SHA}\n`);
  });

  it('keeps a whole checkout already there and does not fetch again', async () => {
    const target = join(scratchDir('checkout'), 'workspace');
    await writeCheckout(SHA, target, (dir) => Promise.resolve(writeFileSync(join(dir, 'first'), '1')));
    const fill = jest.fn(() => Promise.resolve());

    await writeCheckout(SHA, target, fill);

    expect(fill).not.toHaveBeenCalled();
    expect(readdirSync(target).sort()).toEqual(['.slipway-commit', 'first']);
  });

  it('leaves nothing behind when the archive breaks off, so the next attempt starts clean', async () => {
    const parent = scratchDir('checkout');
    const target = join(parent, 'workspace');
    const whole = tarball({ 'big.bin': 'x'.repeat(200_000) });
    const broken = new Readable({
      read() {
        this.push(whole.subarray(0, 1000));
        this.destroy(new Error('connection reset by the host'));
      },
    });

    await expect(
      writeCheckout(SHA, target, (dir) => extractTarball(broken, dir, { gzip: true, stripComponents: 1 })),
    ).rejects.toThrow(/tar could not unpack the archive|connection reset by the host/);

    expect(existsSync(target)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('names what tar refused in a stream that is no archive', async () => {
    await expect(
      extractTarball(Readable.from([Buffer.from('<html>Not Found</html>')]), scratchDir('not-an-archive'), {
        gzip: true,
      }),
    ).rejects.toThrow(/^tar could not unpack the archive: .*gzip/s);
  });
});
