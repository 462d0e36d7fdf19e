import { describe, expect, it } from '@jest/globals';
import { searchLog } from './logSearch';

const lines = (...texts: string[]) => texts.map((text) => ({ text }));

describe('searchLog', () => {
  it('finds every occurrence, ignoring case, in line order', () => {
    expect(searchLog(lines('Error: a', 'fine', 'error error'), 'error').matches).toEqual([
      { line: 0, start: 0, end: 5 },
      { line: 2, start: 0, end: 5 },
      { line: 2, start: 6, end: 11 },
    ]);
  });

  it('takes the query literally, characters of regular expressions included', () => {
    expect(searchLog(lines('a.b', 'axb', 'cost (USD) [x]'), 'a.b').matches).toEqual([
      { line: 0, start: 0, end: 3 },
    ]);
    expect(searchLog(lines('cost (USD) [x]'), '(USD) [').matches).toHaveLength(1);
  });

  it('finds nothing for an empty query', () => {
    expect(searchLog(lines('anything'), '')).toEqual({ matches: [], capped: false });
  });

  it('stops at the limit and says there were more', () => {
    const result = searchLog(lines('x x x', 'x x'), 'x', 4);
    expect(result.matches).toHaveLength(4);
    expect(result.capped).toBe(true);
    expect(searchLog(lines('x x'), 'x', 2).capped).toBe(false);
  });

  it('searches ten thousand lines', () => {
    const many = Array.from({ length: 10_000 }, (_, index) => ({ text: `line ${index + 1}` }));
    expect(searchLog(many, 'line 9999').matches).toEqual([{ line: 9998, start: 0, end: 9 }]);
  });
});
