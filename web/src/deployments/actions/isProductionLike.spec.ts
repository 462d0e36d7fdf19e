import { describe, expect, it } from '@jest/globals';
import { isProductionLike } from './isProductionLike';

describe('isProductionLike', () => {
  it('is true for production and any environment whose name starts with "prod"', () => {
    for (const name of ['production', 'prod', 'prod-eu', 'production-2']) {
      expect(isProductionLike(name)).toBe(true);
    }
  });

  it('is false for the others, even when "prod" appears later in the name', () => {
    for (const name of ['development', 'staging', 'preprod', 'qa-prod', 'canary']) {
      expect(isProductionLike(name)).toBe(false);
    }
  });
});
