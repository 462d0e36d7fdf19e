import { describe, expect, it } from '@jest/globals';
import {
  historyFilterInput,
  historyFilterSearch,
  isFiltered,
  NO_HISTORY_FILTER,
  parseHistoryFilter,
} from './historyFilter';

describe('the history filter in the address', () => {
  it('reads what the address says, trimmed, and writes it back the same', () => {
    const search =
      '?environment=staging&status=FAILED&commit=abc1234&search=%22login+form%22&since=2026-11-01T00%3A00%3A00.000Z';
    const filter = parseHistoryFilter(search);
    expect(filter).toEqual({
      ...NO_HISTORY_FILTER,
      environment: 'staging',
      status: 'FAILED',
      commit: 'abc1234',
      search: '"login form"',
      since: '2026-11-01T00:00:00.000Z',
    });
    expect(historyFilterSearch(filter)).toBe(search);
    expect(parseHistoryFilter('?actor=%20ada%20').actor).toBe('ada');
  });

  it('drops a status the API does not know, and writes no address for no filter', () => {
    expect(parseHistoryFilter('?status=EXPLODED').status).toBe('');
    expect(historyFilterSearch(NO_HISTORY_FILTER)).toBe('');
    expect(isFiltered(NO_HISTORY_FILTER)).toBe(false);
    expect(isFiltered({ ...NO_HISTORY_FILTER, actor: 'ada' })).toBe(true);
  });

  it("asks the API for the project's deployments with only the fields set", () => {
    expect(historyFilterInput('hello', NO_HISTORY_FILTER)).toEqual({ project: 'hello' });
    expect(
      historyFilterInput('hello', {
        ...NO_HISTORY_FILTER,
        environment: 'production',
        status: 'ROLLED_BACK',
        since: '2026-11-01T00:00:00.000Z',
        until: '2026-11-02T00:00:00.000Z',
      }),
    ).toEqual({
      project: 'hello',
      environment: 'production',
      status: ['ROLLED_BACK'],
      queuedFrom: '2026-11-01T00:00:00.000Z',
      queuedTo: '2026-11-02T00:00:00.000Z',
    });
  });
});
