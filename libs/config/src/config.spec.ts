import { z } from 'zod';
import { ConfigError, configVars, loadConfig } from './config';

const shape = {
  DATABASE_URL: configVars.databaseUrl,
  TEMPORAL_ADDRESS: configVars.temporalAddress,
  PORT: configVars.port(4000),
  LOG_LEVEL: configVars.logLevel,
};

function problemsOf(environment: Record<string, string>): string[] {
  try {
    loadConfig(shape, environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('returns typed values with defaults filled in', () => {
    expect(
      loadConfig(shape, {
        DATABASE_URL: 'postgres://slipway@127.0.0.1:5432/slipway',
        TEMPORAL_ADDRESS: 'temporal:7233',
      }),
    ).toEqual({
      DATABASE_URL: 'postgres://slipway@127.0.0.1:5432/slipway',
      TEMPORAL_ADDRESS: 'temporal:7233',
      PORT: 4000,
      LOG_LEVEL: 'info',
    });
  });

  it('names every missing variable', () => {
    expect(problemsOf({})).toEqual([
      expect.stringMatching(/^DATABASE_URL is required/),
      expect.stringMatching(/^TEMPORAL_ADDRESS is required/),
    ]);
  });

  it('names a malformed variable with what was expected', () => {
    expect(
      problemsOf({
        DATABASE_URL: 'mysql://root@localhost/db',
        TEMPORAL_ADDRESS: '127.0.0.1',
        PORT: '99999',
        LOG_LEVEL: 'loud',
      }),
    ).toEqual([
      'DATABASE_URL is invalid: expected a PostgreSQL URL such as postgres://user@127.0.0.1:5432/slipway',
      'TEMPORAL_ADDRESS is invalid: expected host:port such as 127.0.0.1:7233',
      'PORT is invalid: expected a TCP port between 0 and 65535',
      expect.stringMatching(/^LOG_LEVEL is invalid: /),
    ]);
  });

  it('never repeats a secret value in its message', () => {
    const error = (() => {
      try {
        loadConfig(
          { SMTP_URL: z.string().regex(/^smtps?:\/\//, 'expected smtp://…') },
          { SMTP_URL: 'hunter2-password' },
        );
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.message).toContain('SMTP_URL is invalid');
    expect(error.message).not.toContain('hunter2');
  });

  it('treats an empty variable as unset', () => {
    expect(problemsOf({ DATABASE_URL: '', TEMPORAL_ADDRESS: '127.0.0.1:7233' })).toEqual([
      expect.stringMatching(/^DATABASE_URL is required/),
    ]);
  });

  it('reads a whole number with its default, and names the variable when it is not one or too small', () => {
    const days = { STEP_LOG_RETENTION_DAYS: configVars.wholeNumber({ fallback: 30, min: 1, unit: 'days' }) };
    expect(loadConfig(days, {})).toEqual({ STEP_LOG_RETENTION_DAYS: 30 });
    expect(loadConfig(days, { STEP_LOG_RETENTION_DAYS: '7' })).toEqual({ STEP_LOG_RETENTION_DAYS: 7 });
    for (const bad of ['0', '-3', '1.5', 'a week']) {
      expect(() => loadConfig(days, { STEP_LOG_RETENTION_DAYS: bad })).toThrow(
        'STEP_LOG_RETENTION_DAYS is invalid: expected a whole number of days, at least 1',
      );
    }
  });
});
