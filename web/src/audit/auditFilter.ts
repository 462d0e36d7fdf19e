import type { AuditFilterInput, AuditOutcome } from '../gql/graphql';

/** The filters of the audit log as the address holds them: since and until are ISO 8601 instants. */
export interface AuditFilter {
  actor: string;
  action: string;
  outcome: AuditOutcome | '';
  since: string;
  until: string;
}

export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['ok', 'denied', 'failed'];

const KEYS = ['actor', 'action', 'outcome', 'since', 'until'] as const;

export const NO_AUDIT_FILTER: AuditFilter = { actor: '', action: '', outcome: '', since: '', until: '' };

/** Reads `?actor=&action=&outcome=&since=&until=`; an outcome the API does not know is dropped. */
export function parseAuditFilter(search: string): AuditFilter {
  const params = new URLSearchParams(search);
  const outcome = params.get('outcome') ?? '';
  return {
    actor: params.get('actor')?.trim() ?? '',
    action: params.get('action')?.trim() ?? '',
    outcome: AUDIT_OUTCOMES.find((known) => known === outcome) ?? '',
    since: params.get('since') ?? '',
    until: params.get('until') ?? '',
  };
}

/** The query string of a filter, without its empty fields ("" when nothing is filtered). */
export function auditFilterSearch(filter: AuditFilter): string {
  const params = new URLSearchParams();
  for (const key of KEYS) if (filter[key]) params.set(key, filter[key]);
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** The filter as the `auditEntries` query takes it. */
export function auditFilterInput(filter: AuditFilter): AuditFilterInput {
  return {
    ...(filter.actor && { actor: filter.actor }),
    ...(filter.action && { action: filter.action }),
    ...(filter.outcome && { outcome: filter.outcome }),
    ...(filter.since && { since: filter.since }),
    ...(filter.until && { until: filter.until }),
  };
}

/**
 * The query of GET /export/audit.csv for the same filter. The export takes no outcome (outcome is a
 * column to sort on in the spreadsheet) and refuses parameters it does not know, so it is left out.
 */
export function auditCsvSearch(filter: AuditFilter): string {
  return auditFilterSearch({ ...filter, outcome: '' });
}

export function isFiltered(filter: AuditFilter): boolean {
  return KEYS.some((key) => filter[key] !== '');
}
