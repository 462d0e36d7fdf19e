import type { DeploymentStatus } from '@slipway/domain';
import type { NotificationActivities } from '@slipway/temporal';
import { Context } from '@temporalio/activity';
import { mkdir, writeFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import { deploymentEmail } from './deployment-email';

export interface NotificationSettings {
  /** smtp(s)://user:pass@host:port; unset = messages are written as .eml files to `outboxDir`. */
  smtpUrl: string | undefined;
  outboxDir: string;
  from: string;
  to: string[];
  notifyOn: DeploymentStatus[];
  consoleUrl: string;
}

export function createNotificationActivities(settings: NotificationSettings): NotificationActivities {
  const transport: Transporter = settings.smtpUrl
    ? createTransport(settings.smtpUrl)
    : createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  return {
    notifyDeploymentFinished: async (outcome) => {
      if (!settings.notifyOn.includes(outcome.status) || settings.to.length === 0) return;
      const log = Context.current().log;
      // The same deployment and outcome is never sent twice, even when the activity is retried.
      const key = `${outcome.deploymentId}-${outcome.status.toLowerCase()}`;
      const marker = join(settings.outboxDir, `${key}.eml`);
      if (await exists(marker)) return;
      const email = deploymentEmail(outcome, settings.consoleUrl);
      const info = (await transport.sendMail({
        from: settings.from,
        to: settings.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: `<${key}@slipway>`,
      })) as { message?: Buffer; response?: string };
      await mkdir(settings.outboxDir, { recursive: true });
      await writeFile(marker, info.message ?? `sent: ${info.response ?? 'ok'}\n`);
      log.info('deployment email sent', { deploymentId: outcome.deploymentId, status: outcome.status });
    },
  };
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
