import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../common/injection-tokens';
import { SLACK_REQUEST_WINDOW_SECONDS } from './slack-signature';

/**
 * The signed Slack requests accepted lately, in PostgreSQL so that every gateway instance refuses a
 * replay. A row is needed only while its timestamp passes the freshness check; older ones go as new
 * ones come.
 */
@Injectable()
export class SlackRequestLog {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Records the request; false when it was recorded before (a replay). */
  async firstSeen(signature: string, requestedAt: Date, now: Date): Promise<boolean> {
    const expired = new Date(now.getTime() - SLACK_REQUEST_WINDOW_SECONDS * 1000);
    const rows: unknown[] = await this.dataSource.query(
      `WITH expired AS (DELETE FROM slack_requests WHERE requested_at < $3)
       INSERT INTO slack_requests (signature, requested_at) VALUES ($1, $2)
       ON CONFLICT (signature) DO NOTHING
       RETURNING signature`,
      [signature, requestedAt, expired],
    );
    return rows.length === 1;
  }
}
