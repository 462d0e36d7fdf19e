import { GraphQLError } from 'graphql';
import { validated } from '../common/validation';
import { deploymentExportQuery, exportFileName, exportRange } from './export-query';

const NOW = new Date('2026-11-27T10:15:00.000Z');

function refusal(run: () => unknown): { message: string; field: unknown } {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphQLError) return { message: error.message, field: error.extensions.field };
    throw error;
  }
  throw new Error('expected a BAD_USER_INPUT error');
}

describe('the time range of an export', () => {
  it('defaults to the 30 days before now, or before the until given', () => {
    expect(exportRange({}, NOW)).toEqual({ since: new Date('2026-10-28T10:15:00.000Z'), until: NOW });
    expect(exportRange({ until: new Date('2026-03-01T00:00:00Z') }, NOW)).toEqual({
      since: new Date('2026-01-30T00:00:00Z'),
      until: new Date('2026-03-01T00:00:00Z'),
    });
  });

  it('covers two years at most, and since must come first', () => {
    const until = new Date('2026-02-28T00:00:00Z');
    expect(exportRange({ since: new Date('2024-02-28T00:00:00Z'), until }, NOW).since).toEqual(
      new Date('2024-02-28T00:00:00Z'),
    );
    expect(refusal(() => exportRange({ since: new Date('2024-02-27T23:59:59.999Z'), until }, NOW))).toEqual({
      message: 'since must be at most 2 years before until; export a longer time in parts',
      field: 'since',
    });
    expect(refusal(() => exportRange({ since: until, until }, NOW))).toEqual({
      message: 'since must be earlier than until',
      field: 'since',
    });
  });

  it('names the file after the range, without characters a file system refuses', () => {
    expect(
      exportFileName('audit', {
        since: new Date('2026-01-01T00:00:00Z'),
        until: new Date('2026-01-31T12:30:05.250Z'),
      }),
    ).toBe('slipway-audit-20260101T000000Z-20260131T123005Z.csv');
  });
});

describe('the query of a deployments export', () => {
  it('reads dates with an offset, and statuses separated by commas', () => {
    expect(
      validated(deploymentExportQuery, { since: '2026-01-01T01:00:00+01:00', status: 'FAILED,ROLLED_BACK' }),
    ).toEqual({ since: new Date('2026-01-01T00:00:00Z'), status: ['FAILED', 'ROLLED_BACK'] });
  });

  it('refuses a misspelt parameter, naming it and the ones it knows', () => {
    expect(refusal(() => validated(deploymentExportQuery, { sinse: '2026-01-01T00:00:00Z' })).message).toBe(
      'unknown parameter sinse; expected since, until, project, environment, status',
    );
  });
});
