import { cachedLookup } from './lookup-cache';

describe('cachedLookup', () => {
  let clock = 0;
  const loads: string[] = [];
  const values = new Map<string, string | null>();
  const load = (key: string): Promise<string | null> => {
    loads.push(key);
    return Promise.resolve(values.has(key) ? values.get(key)! : null);
  };

  beforeEach(() => {
    clock = 0;
    loads.length = 0;
    values.clear();
  });

  it('answers from memory until the entry is ttl old, then loads again and sees the change', async () => {
    const lookup = cachedLookup(
      load,
      (key) => key,
      2000,
      () => clock,
    );
    values.set('shop', 'secret-1');
    expect(await lookup('shop')).toBe('secret-1');
    values.set('shop', 'secret-2');
    clock = 1999;
    expect(await lookup('shop')).toBe('secret-1');
    clock = 2000;
    expect(await lookup('shop')).toBe('secret-2');
    expect(loads).toEqual(['shop', 'shop']);
  });

  it('keys by what keyOf makes of the arguments', async () => {
    const lookup = cachedLookup(
      (provider: string, repository: string) => load(`${provider}:${repository.toLowerCase()}`),
      (provider, repository) => `${provider}:${repository.toLowerCase()}`,
      2000,
      () => clock,
    );
    values.set('github:octo/shop', 'shop');
    expect(await lookup('github', 'Octo/Shop')).toBe('shop');
    expect(await lookup('github', 'octo/shop')).toBe('shop');
    expect(await lookup('gitlab', 'octo/shop')).toBeNull();
    expect(loads).toEqual(['github:octo/shop', 'gitlab:octo/shop']);
  });

  it('concurrent callers of one key share one load', async () => {
    const lookup = cachedLookup(
      load,
      (key) => key,
      2000,
      () => clock,
    );
    values.set('shop', 'secret-1');
    expect(await Promise.all([lookup('shop'), lookup('shop'), lookup('shop')])).toEqual([
      'secret-1',
      'secret-1',
      'secret-1',
    ]);
    expect(loads).toEqual(['shop']);
  });

  it('does not remember that nothing was found, so a repository connected a moment ago is found', async () => {
    const lookup = cachedLookup(
      load,
      (key) => key,
      2000,
      () => clock,
    );
    expect(await lookup('new')).toBeNull();
    values.set('new', 'project-new');
    expect(await lookup('new')).toBe('project-new');
    expect(loads).toEqual(['new', 'new']);
  });

  it('does not remember a failure: the next call loads again', async () => {
    let fail = true;
    const lookup = cachedLookup(
      (key: string) => (fail ? Promise.reject(new Error('connection terminated')) : load(key)),
      (key) => key,
      2000,
      () => clock,
    );
    values.set('shop', 'secret-1');
    await expect(lookup('shop')).rejects.toThrow('connection terminated');
    fail = false;
    expect(await lookup('shop')).toBe('secret-1');
  });
});
