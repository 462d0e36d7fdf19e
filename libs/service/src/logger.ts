import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** JSON lines on stdout; anything that looks like a secret is redacted before it is written. */
export function createLogger(service: string, level: string): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'authorization',
        '*.authorization',
        'headers.authorization',
        '*.headers.authorization',
        'token',
        '*.token',
        'password',
        '*.password',
        'secret',
        '*.secret',
        'databaseUrl',
        '*.databaseUrl',
        'smtpUrl',
        '*.smtpUrl',
      ],
      censor: '[redacted]',
    },
  });
}
