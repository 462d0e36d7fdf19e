import type { DeploymentFilter, DeploymentStatus } from '../gql/graphql';

/** The project history's filters as the address holds them: since and until are ISO 8601 instants. */
export interface HistoryFilter {
  environment: string;
  status: DeploymentStatus | '';
  actor: string;
  commit: string;
  search: string;
  since: string;
  until: string;
}

const STATUSES: Record<DeploymentStatus, true> = {
  QUEUED: true,
  WAITING_CI: true,
  WAITING_APPROVAL: true,
  BLOCKED: true,
  RUNNING: true,
  SUCCEEDED: true,
  FAILED: true,
  ROLLING_BACK: true,
  ROLLED_BACK: true,
  ROLLBACK_FAILED: true,
  CANCELLED: true,
  REJECTED: true,
  EXPIRED: true,
  SUPERSEDED: true,
};

/** Every status a deployment can have, roughly in the order one moves through them. */
export const DEPLOYMENT_STATUSES = Object.keys(STATUSES) as DeploymentStatus[];

const KEYS = ['environment', 'status', 'actor', 'commit', 'search', 'since', 'until'] as const;

export const NO_HISTORY_FILTER: HistoryFilter = {
  environment: '',
  status: '',
  actor: '',
  commit: '',
  search: '',
  since: '',
  until: '',
};

/** Reads `?environment=&status=&actor=&commit=&search=&since=&until=`; a status the API does not know is dropped. */
export function parseHistoryFilter(search: string): HistoryFilter {
  const params = new URLSearchParams(search);
  const text = (key: (typeof KEYS)[number]) => params.get(key)?.trim() ?? '';
  const status = text('status');
  return {
    environment: text('environment'),
    status: DEPLOYMENT_STATUSES.find((known) => known === status) ?? '',
    actor: text('actor'),
    commit: text('commit'),
    search: text('search'),
    since: text('since'),
    until: text('until'),
  };
}

/** The query string of a filter, without its empty fields ("" when nothing is filtered). */
export function historyFilterSearch(filter: HistoryFilter): string {
  const params = new URLSearchParams();
  for (const key of KEYS) if (filter[key]) params.set(key, filter[key]);
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** The filter as the `deployments` query takes it, for one project. */
export function historyFilterInput(project: string, filter: HistoryFilter): DeploymentFilter {
  return {
    project,
    ...(filter.environment && { environment: filter.environment }),
    ...(filter.status && { status: [filter.status] }),
    ...(filter.actor && { actor: filter.actor }),
    ...(filter.commit && { commit: filter.commit }),
    ...(filter.search && { search: filter.search }),
    ...(filter.since && { queuedFrom: filter.since }),
    ...(filter.until && { queuedTo: filter.until }),
  };
}

export function isFiltered(filter: HistoryFilter): boolean {
  return KEYS.some((key) => filter[key] !== '');
}
