import { describe, expect, it } from '@jest/globals';
import { readCookie } from './cookies';

describe('readCookie', () => {
  it('finds the named cookie among others, wherever it stands', () => {
    expect(readCookie('slipway_csrf=abc-_123', 'slipway_csrf')).toBe('abc-_123');
    expect(readCookie('theme=dark; slipway_csrf=abc; other=1', 'slipway_csrf')).toBe('abc');
    expect(readCookie('theme=dark;slipway_csrf=abc', 'slipway_csrf')).toBe('abc');
  });

  it('does not take a cookie whose name only ends or starts like the one asked for', () => {
    expect(readCookie('x_slipway_csrf=forged; slipway_csrf_old=stale', 'slipway_csrf')).toBeNull();
  });

  it('keeps the = signs inside a value and decodes what the server encoded', () => {
    expect(readCookie('slipway_csrf=a=b==', 'slipway_csrf')).toBe('a=b==');
    expect(readCookie('note=caf%C3%A9', 'note')).toBe('café');
    expect(readCookie('note=100%', 'note')).toBe('100%');
  });

  it('answers null when there is no such cookie, or it was emptied', () => {
    expect(readCookie('', 'slipway_csrf')).toBeNull();
    expect(readCookie('theme=dark', 'slipway_csrf')).toBeNull();
    expect(readCookie('slipway_csrf=; theme=dark', 'slipway_csrf')).toBeNull();
  });
});
