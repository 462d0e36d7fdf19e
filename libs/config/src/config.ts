import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Environment = Record<string, string | undefined>;

/**
 * Reads environment variables into a typed object once, at start. Every bad or missing variable is
 * named, with what was expected; secrets are never echoed back.
 */
export function loadConfig<Shape extends z.ZodRawShape>(
  shape: Shape,
  environment: Environment = process.env,
): z.output<z.ZodObject<Shape>> {
  const raw: Record<string, string | undefined> = {};
  for (const name of Object.keys(shape)) {
    const value = environment[name];
    raw[name] = value === '' ? undefined : value;
  }
  const result = z.object(shape).safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const given = raw[name];
      if (given === undefined) return `${name} is required: ${issue.message}`;
      return `${name} is invalid: ${issue.message}`;
    }),
  );
}

export const configVars = {
  databaseUrl: z
    .string({ error: 'a PostgreSQL URL such as postgres://user@127.0.0.1:5432/slipway' })
    .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
      message: 'expected a PostgreSQL URL such as postgres://user@127.0.0.1:5432/slipway',
    }),
  temporalAddress: z
    .string({ error: 'a Temporal frontend address such as 127.0.0.1:7233' })
    .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'expected host:port such as 127.0.0.1:7233'),
  temporalNamespace: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, 'expected a Temporal namespace name')
    .default('default'),
  port: (fallback: number) =>
    z.coerce
      .number({ error: 'expected a TCP port number' })
      .int('expected a whole TCP port number')
      .min(0, 'expected a TCP port between 0 and 65535')
      .max(65535, 'expected a TCP port between 0 and 65535')
      .default(fallback),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  directory: z.string({ error: 'an absolute directory path' }).refine((value) => value.startsWith('/'), {
    message: 'expected an absolute directory path',
  }),
  /** Seals secrets stored in the database; the same on every service that reads them. */
  secretKey: z
    .string({ error: '32 random bytes in base64 (openssl rand -base64 32)' })
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'expected 32 random bytes in base64 (openssl rand -base64 32)'),
  url: z
    .string()
    .refine((value) => URL.canParse(value), { message: 'expected a URL such as http://host:port' }),
  /** A whole number of something (days, hours, items), at least `min`. */
  wholeNumber: ({ fallback, min, unit }: { fallback: number; min: number; unit: string }) => {
    const expected = `expected a whole number of ${unit}, at least ${min}`;
    return z.coerce.number({ error: expected }).int(expected).min(min, expected).default(fallback);
  },
  /** `true` or `false`, nothing else. */
  flag: (fallback: boolean) =>
    z
      .enum(['true', 'false'], { error: 'expected true or false' })
      .default(fallback ? 'true' : 'false')
      .transform((value) => value === 'true'),
};

/** What every Temporal worker service reads. */
export const workerVars = {
  TEMPORAL_ADDRESS: configVars.temporalAddress,
  TEMPORAL_NAMESPACE: configVars.temporalNamespace,
  HEALTH_PORT: configVars.port(0),
  LOG_LEVEL: configVars.logLevel,
};

export type WorkerVars = z.output<z.ZodObject<typeof workerVars>>;
