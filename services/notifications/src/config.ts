import { configVars, loadConfig, workerVars } from '@slipway/config';
import { DEPLOYMENT_STATUSES, type DeploymentStatus } from '@slipway/domain';
import { join } from 'node:path';
import { z } from 'zod';

const emailList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .refine((items) => items.every((item) => /^[^\s@<>]+@[^\s@<>]+$/.test(item)), {
    message: 'expected comma-separated e-mail addresses',
  });

const statusList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim().toUpperCase())
      .filter(Boolean),
  )
  .refine(
    (items): items is DeploymentStatus[] =>
      items.every((item) => (DEPLOYMENT_STATUSES as readonly string[]).includes(item)),
    { message: `expected comma-separated statuses among ${DEPLOYMENT_STATUSES.join(', ')}` },
  );

export function loadNotificationsConfig(environment: Record<string, string | undefined> = process.env) {
  const raw = loadConfig(
    {
      ...workerVars,
      SLIPWAY_HOME: configVars.directory,
      SLIPWAY_PUBLIC_URL: configVars.url.default('http://127.0.0.1:4000'),
      SMTP_URL: z
        .string()
        .regex(/^smtps?:\/\/[^\s]+$/, 'expected smtp://host:port or smtps://user:password@host:port')
        .optional(),
      NOTIFY_EMAIL_FROM: z.string().default('Slipway <slipway@localhost>'),
      NOTIFY_EMAIL_TO: emailList.default([]),
      NOTIFY_ON: statusList.default(['FAILED', 'ROLLED_BACK', 'ROLLBACK_FAILED']),
    },
    environment,
  );
  return {
    ...raw,
    notifications: {
      smtpUrl: raw.SMTP_URL,
      outboxDir: join(raw.SLIPWAY_HOME, 'outbox'),
      from: raw.NOTIFY_EMAIL_FROM,
      to: raw.NOTIFY_EMAIL_TO,
      notifyOn: raw.NOTIFY_ON,
      consoleUrl: raw.SLIPWAY_PUBLIC_URL,
    },
  };
}
