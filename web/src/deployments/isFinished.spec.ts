import { describe, expect, it } from '@jest/globals';
import { isFinished } from './isFinished';

describe('isFinished', () => {
  it('is true for every way a deployment ends, before its steps or after them', () => {
    for (const status of ['SUCCEEDED', 'FAILED', 'ROLLED_BACK', 'ROLLBACK_FAILED', 'CANCELLED'] as const) {
      expect(isFinished(status)).toBe(true);
    }
    for (const status of ['REJECTED', 'EXPIRED', 'SUPERSEDED', 'BLOCKED'] as const) {
      expect(isFinished(status)).toBe(true);
    }
  });

  it('is false while it waits, runs or rolls back', () => {
    for (const status of ['QUEUED', 'WAITING_CI', 'WAITING_APPROVAL', 'RUNNING', 'ROLLING_BACK'] as const) {
      expect(isFinished(status)).toBe(false);
    }
  });
});
