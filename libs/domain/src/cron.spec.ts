import { activeFreeze, cronProblem } from './cron';

describe('cron expressions', () => {
  it.each([
    ['0 18 * * FRI', null],
    ['*/15 9-17 1,15 JAN-MAR 1-5', null],
    ['0 18 * *', 'expected 5 fields, got 4'],
    ['60 * * * *', 'minute 60 is outside 0-59'],
    ['0 18 * * FUN', '"FUN" is not a valid day of week'],
    ['0 5-3 * * *', '"5-3" runs backwards'],
    ['*/0 * * * *', '"*/0" has an invalid step'],
  ])('%s → %s', (expression, problem) => {
    expect(cronProblem(expression)).toBe(problem);
  });
});

describe('activeFreeze', () => {
  // Friday 18:00 UTC for 62 hours: until Monday 08:00.
  const weekend = [{ name: 'weekend', cron: '0 18 * * FRI', duration: 62 * 3_600_000 }];

  it('finds the window a moment falls in, with when it started and ends', () => {
    // 2026-11-28 is a Saturday.
    expect(activeFreeze(weekend, new Date('2026-11-28T12:00:00Z'))).toEqual({
      name: 'weekend',
      startedAt: new Date('2026-11-27T18:00:00Z'),
      endsAt: new Date('2026-11-30T08:00:00Z'),
    });
  });

  it('is open at the edges: before the start minute and from the end on', () => {
    expect(activeFreeze(weekend, new Date('2026-11-27T17:59:59Z'))).toBeNull();
    expect(activeFreeze(weekend, new Date('2026-11-27T18:00:00Z'))?.name).toBe('weekend');
    expect(activeFreeze(weekend, new Date('2026-11-30T07:59:59Z'))?.name).toBe('weekend');
    expect(activeFreeze(weekend, new Date('2026-11-30T08:00:00Z'))).toBeNull();
  });

  it('reports the window that ends last when windows overlap', () => {
    const windows = [...weekend, { name: 'year end', cron: '0 0 20 DEC *', duration: 14 * 86_400_000 }];
    expect(activeFreeze(windows, new Date('2026-12-26T12:00:00Z'))).toEqual({
      name: 'year end',
      startedAt: new Date('2026-12-20T00:00:00Z'),
      endsAt: new Date('2027-01-03T00:00:00Z'),
    });
  });
});
