import { API_TOKEN_PATTERN, ApiTokenEntity, createApiToken, hashApiToken } from '@slipway/db';
import { Inject, Injectable } from '@nestjs/common';
import { IsNull, type DataSource } from 'typeorm';
import { z } from 'zod';
import { apiError } from '../common/errors';
import { DATA_SOURCE } from '../common/injection-tokens';
import { isUuid, validated } from '../common/validation';
import type { ApiTokenModel, CreateApiTokenInput, CreatedApiTokenModel } from './api-token.model';
import { ROLES, type Principal, type Role } from './principal';

const createInputSchema = z.object({
  name: z.string().trim().min(1, 'name must not be empty').max(100, 'name is longer than 100 characters'),
  roles: z
    .array(z.enum(ROLES, { message: `roles must be among ${ROLES.join(', ')}` }))
    .min(1, 'roles must name at least one role'),
  expiresInDays: z
    .number()
    .int()
    .min(1, 'expiresInDays must be at least 1')
    .max(3650, 'expiresInDays must be at most 3650')
    .nullish(),
});

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

  async list(): Promise<ApiTokenModel[]> {
    const tokens = await this.dataSource.getRepository(ApiTokenEntity).find({ order: { createdAt: 'DESC' } });
    return tokens.map(toModel);
  }

  async create(input: CreateApiTokenInput): Promise<CreatedApiTokenModel> {
    const { name, roles, expiresInDays } = validated(createInputSchema, input);
    const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null;
    const { id, token } = await createApiToken(this.dataSource, name, [...new Set(roles)], expiresAt);
    const saved = await this.dataSource.getRepository(ApiTokenEntity).findOneByOrFail({ id });
    return { token, apiToken: toModel(saved) };
  }

  async revoke(id: string): Promise<ApiTokenModel> {
    const repository = this.dataSource.getRepository(ApiTokenEntity);
    const found = isUuid(id) ? await repository.findOneBy({ id }) : null;
    if (!found) throw apiError('NOT_FOUND', `API token ${id} does not exist`);
    if (found.revokedAt) throw apiError('CONFLICT', `API token ${found.name} was revoked already`);
    found.revokedAt = new Date();
    return toModel(await repository.save(found));
  }
}

/** Everything about a token but its hash. */
function toModel({
  id,
  name,
  roles,
  createdAt,
  expiresAt,
  revokedAt,
  lastUsedAt,
}: ApiTokenEntity): ApiTokenModel {
  return { id, name, roles, createdAt, expiresAt, revokedAt, lastUsedAt };
}
