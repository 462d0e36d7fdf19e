import { LoginRequestEntity } from '@slipway/db';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../common/injection-tokens';

/**
 * Single-use values of login handshakes, kept in PostgreSQL so that any gateway instance can finish a
 * login another one started: SAML request ids, consumed assertion ids, OAuth states.
 */
@Injectable()
export class LoginRequestsService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Remembers `id` until `ttlMs` from now; false when it was already there (a replay). */
  async remember(kind: string, id: string, ttlMs: number, value = ''): Promise<boolean> {
    await this.sweep();
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO login_requests (kind, id, value, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (kind, id) DO NOTHING RETURNING id`,
      [kind, id, value, new Date(Date.now() + ttlMs)],
    );
    return inserted.length === 1;
  }

  /** The value stored with `id`, if it has not expired; no one else can take it after this. */
  async take(kind: string, id: string): Promise<string | null> {
    const [rows]: [Array<{ value: string }>, number] = await this.dataSource.query(
      `DELETE FROM login_requests WHERE kind = $1 AND id = $2 AND expires_at > now() RETURNING value`,
      [kind, id],
    );
    return rows[0]?.value ?? null;
  }

  /** The value stored with `id`, if it has not expired, left in place. */
  async peek(kind: string, id: string): Promise<string | null> {
    const found = await this.dataSource.getRepository(LoginRequestEntity).findOneBy({ kind, id });
    return found && found.expiresAt.getTime() > Date.now() ? found.value : null;
  }

  private async sweep(): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_requests WHERE expires_at <= now()`);
  }
}
