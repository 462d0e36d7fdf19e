import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ProjectEntity } from './entities/project.entity';
import { WebhookSecretEntity } from './entities/webhook-secret.entity';
import type { SecretBox } from './secret-box';

/** How long a rotated-out webhook secret keeps working: time to paste the new one into GitHub or GitLab. */
export const WEBHOOK_SECRET_GRACE_MS = 24 * 3_600_000;

export type VcsProvider = 'github' | 'gitlab';

/**
 * A new random webhook secret for the project, stored sealed; returned once. Secrets the project had
 * keep working for `graceMs` more, so webhooks signed with them while the provider is updated still count.
 */
export async function createWebhookSecret(
  dataSource: DataSource,
  box: SecretBox,
  project: string,
  graceMs = WEBHOOK_SECRET_GRACE_MS,
): Promise<string> {
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  await dataSource.transaction(async (manager) => {
    await manager.query(
      `UPDATE webhook_secrets SET expires_at = $2
        WHERE project = $1 AND (expires_at IS NULL OR expires_at > $2)`,
      [project, new Date(Date.now() + graceMs)],
    );
    await manager.getRepository(WebhookSecretEntity).insert({ project, secret: box.seal(secret) });
  });
  return secret;
}

/** The secrets a webhook of the project may be signed with now, newest first. */
export async function webhookSecretsOf(
  dataSource: DataSource,
  box: SecretBox,
  project: string,
): Promise<string[]> {
  const rows = await dataSource
    .getRepository(WebhookSecretEntity)
    .createQueryBuilder('secret')
    .where('secret.project = :project', { project })
    .andWhere('(secret.expiresAt IS NULL OR secret.expiresAt > now())')
    .orderBy('secret.createdAt', 'DESC')
    .getMany();
  return rows.map((row) => box.open(row.secret));
}

/** The project a provider's repository (`owner/name`, `group/sub/project`) is connected to, any case. */
export function projectOfRepository(
  dataSource: DataSource,
  provider: VcsProvider,
  repository: string,
): Promise<ProjectEntity | null> {
  return dataSource
    .getRepository(ProjectEntity)
    .createQueryBuilder('project')
    .where('project.vcsProvider = :provider', { provider })
    .andWhere('lower(project.vcsRepository) = lower(:repository)', { repository })
    .getOne();
}
