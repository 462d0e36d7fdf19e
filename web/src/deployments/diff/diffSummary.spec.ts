import { describe, expect, it } from '@jest/globals';
import { authorName, diffSummary } from './diffSummary';

const FROM = 'abcdef0123456789abcdef0123456789abcdef01';
const commits = (count: number) => Array.from({ length: count }, () => ({}));

describe('diffSummary', () => {
  it('says when nothing ran in the environment before', () => {
    expect(
      diffSummary({ direction: 'FIRST', from: null, truncated: false, commits: commits(1) }, 'development'),
    ).toBe('First deployment to development: nothing ran there before.');
  });

  it('counts the commits a release adds, from the short sha that runs now', () => {
    expect(
      diffSummary({ direction: 'FORWARD', from: FROM, truncated: false, commits: commits(3) }, 'staging'),
    ).toBe('3 commits added since abcdef0, which staging runs now.');
    expect(
      diffSummary({ direction: 'FORWARD', from: FROM, truncated: false, commits: commits(1) }, 'staging'),
    ).toBe('1 commit added since abcdef0, which staging runs now.');
  });

  it('says when the same commit deploys again', () => {
    expect(diffSummary({ direction: 'FORWARD', from: FROM, truncated: false, commits: [] }, 'staging')).toBe(
      'staging already runs this commit: no commit changes.',
    );
  });

  it('says what a step back takes away, and a diverged one both ways', () => {
    expect(
      diffSummary({ direction: 'BACKWARD', from: FROM, truncated: false, commits: commits(1) }, 'production'),
    ).toBe('A step back: 1 commit that production runs now (at abcdef0) goes away.');
    expect(
      diffSummary({ direction: 'BACKWARD', from: FROM, truncated: false, commits: commits(2) }, 'production'),
    ).toBe('A step back: 2 commits that production runs now (at abcdef0) go away.');
    expect(
      diffSummary({ direction: 'DIVERGED', from: FROM, truncated: false, commits: commits(2) }, 'production'),
    ).toContain('what only abcdef0 has goes away');
  });

  it('says when only the newest commits are listed', () => {
    expect(
      diffSummary({ direction: 'FORWARD', from: FROM, truncated: true, commits: commits(50) }, 'staging'),
    ).toBe('50+ commits added since abcdef0, which staging runs now. Only the newest 50 are listed.');
  });
});

describe('authorName', () => {
  it('keeps the name and drops the address', () => {
    expect(authorName('Ada Lovelace <ada@example.com>')).toBe('Ada Lovelace');
    expect(authorName('ci-bot')).toBe('ci-bot');
    expect(authorName('<only@example.com>')).toBe('<only@example.com>');
  });
});
