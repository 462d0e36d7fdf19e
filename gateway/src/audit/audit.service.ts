import { AuditEntryEntity, type AuditOutcome } from '@slipway/db';
import { verifyEventLogs } from '@slipway/history';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Principal, RequestOrigin } from '../auth/principal';
import { apiError } from '../common/errors';
import { DATA_SOURCE } from '../common/injection-tokens';
import type { AuditEntryModel, AuditFilterInput } from './audit-entry.model';
import type { EventLogIntegrityModel } from './event-log-integrity.model';

/** What was attempted, by whom, from where (address and user agent), and how it ended. */
export interface AuditRecord extends RequestOrigin {
  /** A user's or token's name and kind; null when the caller could not be identified. */
  actor: Pick<Principal, 'name' | 'kind'> | null;
  action: string;
  arguments: Record<string, unknown>;
  outcome: AuditOutcome;
  code: string | null;
  message: string | null;
}

export const MAX_AUDIT_PAGE = 200;

/** The audit log: appended for every mutation and sign-in, read by admins, who also check both logs' chains. */
@Injectable()
export class AuditService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Appends: the table's trigger gives each entry its id and its link in the hash chain. */
  async record(records: AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.dataSource.getRepository(AuditEntryEntity).save(
      records.map((record) => ({
        at: new Date(),
        actor: record.actor?.name ?? null,
        actorKind: record.actor?.kind ?? null,
        ip: record.ip,
        userAgent: record.userAgent,
        action: record.action,
        arguments: record.arguments,
        outcome: record.outcome,
        code: record.code,
        message: record.message,
      })),
    );
  }

  /** Newest first, `first` at a time, after the entry `after` (its id). */
  async list(filter: AuditFilterInput, first: number, after: string | null): Promise<AuditEntryModel[]> {
    if (first < 1 || first > MAX_AUDIT_PAGE) {
      throw apiError('BAD_USER_INPUT', `first must be between 1 and ${MAX_AUDIT_PAGE}`, { field: 'first' });
    }
    if (after !== null && !/^\d{1,19}$/.test(after)) {
      throw apiError('BAD_USER_INPUT', `"${after}" is not an audit entry id to page after`, {
        field: 'after',
      });
    }
    const query = this.dataSource
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('entry')
      .orderBy('entry.id', 'DESC')
      .limit(first);
    if (after !== null) query.andWhere('entry.id < :after', { after });
    if (filter.actor) query.andWhere('entry.actor = :actor', { actor: filter.actor });
    if (filter.action) query.andWhere('entry.action = :action', { action: filter.action });
    if (filter.outcome) query.andWhere('entry.outcome = :outcome', { outcome: filter.outcome });
    if (filter.since) query.andWhere('entry.at >= :since', { since: filter.since });
    if (filter.until) query.andWhere('entry.at < :until', { until: filter.until });
    const entries = await query.getMany();
    return entries.map(
      ({ id, at, actor, actorKind, ip, userAgent, action, arguments: args, outcome, code, message }) => ({
        id,
        at,
        actor,
        actorKind,
        ip,
        userAgent,
        action,
        arguments: JSON.stringify(args),
        outcome,
        code,
        message,
      }),
    );
  }

  /**
   * Walks the event log's and the audit log's hash chains (every entry, so it takes a while on a large
   * log) and says, per log, whether each holds and where the first break is.
   */
  async eventLogIntegrity(): Promise<EventLogIntegrityModel[]> {
    const results = await verifyEventLogs(this.dataSource);
    return results.map((result) => ({ ...result, intact: result.firstBroken === null }));
  }
}
