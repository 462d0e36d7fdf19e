import { describe, expect, it } from '@jest/globals';
import { environmentRows } from './environmentRows';

const deployed = [{ name: 'staging' }, { name: 'production' }, { name: 'development' }, { name: 'preview' }];

describe('environmentRows', () => {
  it("follows the pipeline's order, with what it declares but never deployed, then the rest by name", () => {
    const rows = environmentRows(deployed, ['development', 'qa', 'staging', 'production']);
    expect(rows.map((row) => [row.name, row.environment !== null])).toEqual([
      ['development', true],
      ['qa', false],
      ['staging', true],
      ['production', true],
      ['preview', true],
    ]);
  });

  it('orders by name while the pipeline is unknown', () => {
    expect(environmentRows(deployed, null).map((row) => row.name)).toEqual([
      'development',
      'preview',
      'production',
      'staging',
    ]);
  });

  it('lists the declared environments of a project that never deployed', () => {
    expect(environmentRows([], ['development', 'production'])).toEqual([
      { name: 'development', environment: null },
      { name: 'production', environment: null },
    ]);
  });
});
