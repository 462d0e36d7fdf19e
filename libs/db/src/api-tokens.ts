import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ApiTokenEntity } from './entities/api-token.entity';

export const API_TOKEN_PATTERN = /^slw_[A-Za-z0-9_-]{43}$/;

export function hashApiToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** A new random token: only its hash is stored, the token itself is returned once. */
export async function createApiToken(
  dataSource: DataSource,
  name: string,
  roles: string[],
  limits: { expiresAt?: Date | null; projects?: string[] | null } = {},
): Promise<{ id: string; token: string }> {
  const token = `slw_${randomBytes(32).toString('base64url')}`;
  const saved = await dataSource.getRepository(ApiTokenEntity).save({
    name,
    roles,
    tokenHash: hashApiToken(token),
    expiresAt: limits.expiresAt ?? null,
    projects: limits.projects ?? null,
  });
  return { id: saved.id, token };
}
