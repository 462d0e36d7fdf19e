import { describe, expect, it } from '@jest/globals';
import { formatAge } from './formatAge';

const NOW = Date.parse('2026-11-27T12:00:00Z');

describe('formatAge', () => {
  it('says how long ago, coarsely, in the largest whole unit', () => {
    expect(formatAge('2026-11-27T11:59:30Z', NOW)).toBe('just now');
    expect(formatAge('2026-11-27T11:55:00Z', NOW)).toBe('5 m ago');
    expect(formatAge('2026-11-27T09:00:00Z', NOW)).toBe('3 h ago');
    expect(formatAge('2026-11-25T11:00:00Z', NOW)).toBe('2 d ago');
  });

  it('shows a timestamp it cannot read as it is', () => {
    expect(formatAge('yesterday-ish', NOW)).toBe('yesterday-ish');
  });
});
