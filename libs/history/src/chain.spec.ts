import { brokenLink, type ChainedEntry } from './chain';

/** An entry as the database keeps it, whose stored hash matches its content unless told otherwise. */
function entry(id: string, prevHash: string | null, hash = `h${id}`, recomputed = hash): ChainedEntry {
  return { id, prevHash, hash, recomputed };
}

describe('brokenLink', () => {
  it('accepts a first entry without a previous hash and an entry that links to the one before it', () => {
    expect(brokenLink(null, entry('1', null))).toBeNull();
    expect(brokenLink(entry('1', null), entry('2', 'h1'))).toBeNull();
  });

  it('says an entry whose content no longer gives its hash was changed', () => {
    expect(brokenLink(entry('1', null), entry('2', 'h1', 'h2', 'other'))).toBe(
      'entry 2 was changed after it was written, or forged (its hash does not match its content)',
    );
    expect(brokenLink(null, entry('1', null, 'h1', 'other'))).toMatch(/^entry 1 was changed/);
  });

  it('says an entry that links elsewhere than the entry before it does not follow it', () => {
    expect(brokenLink(entry('41', 'h40'), entry('43', 'h42'))).toBe(
      'entry 43 does not follow entry 41: an entry before it was deleted or inserted',
    );
    expect(brokenLink(entry('41', 'h40'), entry('42', null))).toMatch(/^entry 42 does not follow entry 41/);
  });

  it('says a first entry that names a previous one lost the entries before it', () => {
    expect(brokenLink(null, entry('2', 'h1'))).toBe(
      'entry 2 claims a previous entry but is the first: the entries before it were deleted',
    );
  });
});
