import { describe, expect, it } from '@jest/globals';
import { formatLogTime } from './formatLogTime';

describe('formatLogTime', () => {
  it('gives the local time of day to the millisecond, zero-padded', () => {
    const at = new Date(2026, 10, 27, 9, 5, 7, 42);
    expect(formatLogTime(at.toISOString())).toBe('09:05:07.042');
  });

  it('shows a time it cannot read as it is', () => {
    expect(formatLogTime('soon')).toBe('soon');
  });
});
