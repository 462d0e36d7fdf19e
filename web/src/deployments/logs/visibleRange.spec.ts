import { describe, expect, it } from '@jest/globals';
import { visibleRange } from './visibleRange';

describe('visibleRange', () => {
  it('covers the rows in view and the overscan on each side', () => {
    expect(visibleRange(2000, 400, 20, 10_000, 10)).toEqual({ start: 90, end: 130 });
  });

  it('stays within the list at its top and its end', () => {
    expect(visibleRange(0, 400, 20, 10_000, 10)).toEqual({ start: 0, end: 30 });
    expect(visibleRange(199_600, 400, 20, 10_000, 10)).toEqual({ start: 9970, end: 10_000 });
    expect(visibleRange(0, 400, 20, 5, 10)).toEqual({ start: 0, end: 5 });
  });

  it('renders a few rows, never thousands, however long the list', () => {
    const { start, end } = visibleRange(1_000_000, 600, 20, 1_000_000, 20);
    expect(end - start).toBeLessThan(100);
  });

  it('treats an overscrolled (negative) position as the top', () => {
    expect(visibleRange(-50, 100, 20, 100, 0)).toEqual({ start: 0, end: 5 });
  });
});
