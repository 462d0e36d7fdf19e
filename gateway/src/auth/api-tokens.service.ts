import { API_TOKEN_PATTERN, ApiTokenEntity, createApiToken, hashApiToken, ProjectEntity } from '@slipway/db';
import { Inject, Injectable } from '@nestjs/common';
import { In, IsNull, type DataSource } from 'typeorm';
import { z } from 'zod';
import { apiError } from '../common/errors';
import { DATA_SOURCE } from '../common/injection-tokens';
import { isUuid, RESOURCE_NAME, validated } from '../common/validation';
import type { ApiTokenModel, CreateApiTokenInput, CreatedApiTokenModel } from './api-token.model';
import { grantsOf, isRole, ROLES, type Principal } from './principal';

const createInputSchema = z.object({
  name: z.string().trim().min(1, 'name must not be empty').max(100, 'name is longer than 100 characters'),
  roles: z
    .array(z.enum(ROLES, { message: `roles must be among ${ROLES.join(', ')}` }))
    .min(1, 'roles must name at least one role'),
  projects: z
    .array(z.string().regex(RESOURCE_NAME, 'projects must be project names'))
    .min(1, 'projects must name at least one project, or be left out for every project')
    .nullish(),
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
    // Last use to the minute: a busy CI token does not rewrite its row on every request.
    if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() >= 60_000) {
      await repository.update({ id: found.id }, { lastUsedAt: new Date() });
    }
    return {
      kind: 'token',
      id: found.id,
      name: found.name,
      grants: grantsOf(found.roles.filter(isRole), found.projects),
      via: 'bearer',
    };
  }

  async list(): Promise<ApiTokenModel[]> {
    const tokens = await this.dataSource.getRepository(ApiTokenEntity).find({ order: { createdAt: 'DESC' } });
    return tokens.map(toModel);
  }

  async create(input: CreateApiTokenInput): Promise<CreatedApiTokenModel> {
    const { name, roles, projects, expiresInDays } = validated(createInputSchema, input);
    const unique = projects ? [...new Set(projects)] : null;
    const missing = unique && (await this.missingProjects(unique));
    if (missing && missing.length > 0) {
      throw apiError('BAD_USER_INPUT', `projects: no project is named ${missing.join(', ')}`, {
        field: 'projects',
      });
    }
    const { id, token } = await createApiToken(this.dataSource, name, [...new Set(roles)], {
      expiresAt: expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null,
      projects: unique,
    });
    const saved = await this.dataSource.getRepository(ApiTokenEntity).findOneByOrFail({ id });
    return { token, apiToken: toModel(saved) };
  }

  private async missingProjects(names: string[]): Promise<string[]> {
    const found = await this.dataSource.getRepository(ProjectEntity).findBy({ name: In(names) });
    return names.filter((name) => !found.some((project) => project.name === name));
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
  projects,
  createdAt,
  expiresAt,
  revokedAt,
  lastUsedAt,
}: ApiTokenEntity): ApiTokenModel {
  return { id, name, roles, projects, createdAt, expiresAt, revokedAt, lastUsedAt };
}
