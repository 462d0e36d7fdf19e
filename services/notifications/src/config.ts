import { configVars, loadConfig, workerVars } from '@slipway/config';
import { join } from 'node:path';
import { z } from 'zod';
import type { EmailSettings } from './email/email-sender';

export function loadNotificationsConfig(environment: Record<string, string | undefined> = process.env) {
  const raw = loadConfig(
    {
      ...workerVars,
      DATABASE_URL: configVars.databaseUrl,
      SLIPWAY_HOME: configVars.directory,
      SLIPWAY_PUBLIC_URL: configVars.url.default('http://127.0.0.1:4000'),
      SLACK_BOT_TOKEN: z
        .string()
        .regex(/^xox[a-z]-[A-Za-z0-9-]+$/, 'expected a Slack bot token (xoxb-…)')
        .optional(),
      SLACK_API_URL: configVars.url.default('https://slack.com/api/'),
      SMTP_HOST: z
        .string()
        .regex(/^[A-Za-z0-9.-]+$/, 'expected a host name or address, such as smtp.example.com')
        .optional(),
      SMTP_PORT: configVars.port(587),
      /** Required by default: mail never leaves in clear unless asked. */
      SMTP_STARTTLS: configVars.flag(true),
      /** Implicit TLS from the first byte (port 465) instead of STARTTLS. */
      SMTP_SECURE: configVars.flag(false),
      SMTP_USER: z.string().optional(),
      SMTP_PASSWORD: z.string().optional(),
      SMTP_ALLOW_SELF_SIGNED: configVars.flag(false),
      NOTIFY_EMAIL_FROM: z.string().default('Slipway <slipway@localhost>'),
    },
    environment,
  );
  const email: EmailSettings = {
    host: raw.SMTP_HOST,
    port: raw.SMTP_PORT,
    startTls: raw.SMTP_STARTTLS && !raw.SMTP_SECURE,
    secure: raw.SMTP_SECURE,
    user: raw.SMTP_USER,
    password: raw.SMTP_PASSWORD,
    allowSelfSigned: raw.SMTP_ALLOW_SELF_SIGNED,
    from: raw.NOTIFY_EMAIL_FROM,
    outboxDir: join(raw.SLIPWAY_HOME, 'outbox'),
  };
  return {
    ...raw,
    email,
    slack: raw.SLACK_BOT_TOKEN ? { token: raw.SLACK_BOT_TOKEN, apiUrl: raw.SLACK_API_URL } : null,
    consoleUrl: raw.SLIPWAY_PUBLIC_URL,
  };
}
