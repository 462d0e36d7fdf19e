import { UserEntity } from '@slipway/db';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { GatewayConfig } from '../config';
import { DATA_SOURCE, GATEWAY_CONFIG } from '../common/injection-tokens';
import { isRole, type Principal } from './principal';
import { grantsForGroups } from './role-map';

/** Who an identity provider says signed in. */
export interface ExternalIdentity {
  provider: 'saml' | 'github';
  /** The provider's stable id of the person. */
  subject: string;
  name: string;
  email: string | null;
  /** Group (SAML attribute) or team (`org/team` on GitHub) names, mapped to roles by SLIPWAY_ROLE_MAP. */
  groups: string[];
}

/** Signing in with groups that map to no role: the person is known but may do nothing here. */
export class NoRoleError extends Error {
  constructor(readonly identity: ExternalIdentity) {
    super(
      `${identity.name} signed in, but none of their groups (${identity.groups.join(', ') || 'none'}) ` +
        'has a role in Slipway; ask an admin to add one to SLIPWAY_ROLE_MAP',
    );
  }
}

/** How a person is named in grants checks, approvals and the audit log: their email when known. */
export function userName(user: Pick<UserEntity, 'email' | 'name'>): string {
  return user.email ?? user.name;
}

/** A signed-in person acting with the grants their last sign-in stored, however they proved who they are. */
export function userPrincipal(user: UserEntity, via: Principal['via']): Principal {
  return {
    kind: 'user',
    id: user.id,
    name: userName(user),
    grants: user.grants.flatMap((grant) => (isRole(grant.role) ? [{ ...grant, role: grant.role }] : [])),
    via,
  };
}

@Injectable()
export class UsersService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Records the sign-in; roles follow the person's groups as of now. Throws NoRoleError when there are none. */
  async signIn(identity: ExternalIdentity): Promise<UserEntity> {
    const grants = grantsForGroups(this.config.roleMap, identity.groups);
    if (grants.length === 0) throw new NoRoleError(identity);
    const repository = this.dataSource.getRepository(UserEntity);
    await repository.upsert(
      {
        provider: identity.provider,
        subject: identity.subject,
        name: identity.name,
        email: identity.email,
        groups: identity.groups,
        grants,
        lastLoginAt: new Date(),
      },
      ['provider', 'subject'],
    );
    return repository.findOneByOrFail({ provider: identity.provider, subject: identity.subject });
  }
}
