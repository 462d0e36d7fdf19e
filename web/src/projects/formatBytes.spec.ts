import { describe, expect, it } from '@jest/globals';
import { formatBytes } from './formatBytes';

describe('formatBytes', () => {
  it('says a size in the largest binary unit under 1024 of it, to a tenth', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(12.3 * 1024 * 1024)).toBe('12.3 MiB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GiB');
  });
});
