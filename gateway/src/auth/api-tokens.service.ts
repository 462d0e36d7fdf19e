import { API_TOKEN_PATTERN, ApiTokenEntity, hashApiToken } from '@slipway/db';
import { Inject, Injectable } from '@nestjs/common';
import { IsNull, type DataSource } from 'typeorm';
import { DATA_SOURCE } from '../common/injection-tokens';
import { ROLES, type Principal, type Role } from './principal';

/**
 * API tokens are random, shown once, and stored as their SHA-256 only. A lookup is a unique-index
 * equality on the digest, so no byte of the token is compared in a way that leaks timing.
 */
@Injectable()
export class ApiTokensService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** The principal behind an `Authorization: Bearer …` value, or null for anything else. */
  async authenticate(authorization: unknown): Promise<Principal | null> {
    if (typeof authorization !== 'string') return null;
    const token = /^Bearer\s+(\S+)$/.exec(authorization.trim())?.[1];
    if (!token || !API_TOKEN_PATTERN.test(token)) return null;
    const repository = this.dataSource.getRepository(ApiTokenEntity);
    const found = await repository.findOne({
      where: { tokenHash: hashApiToken(token), revokedAt: IsNull() },
    });
    if (!found || (found.expiresAt && found.expiresAt.getTime() <= Date.now())) return null;
    await repository.update({ id: found.id }, { lastUsedAt: new Date() });
    return {
      tokenId: found.id,
      name: found.name,
      roles: found.roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role)),
    };
  }
}
