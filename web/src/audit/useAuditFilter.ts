import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { auditFilterSearch, parseAuditFilter, type AuditFilter } from './auditFilter';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
}

function currentSearch(): string {
  return window.location.search;
}

/**
 * The filter lives in the address, so a filtered log can be bookmarked or sent to a colleague. A new
 * filter replaces the address rather than adding to the history: Back leaves the audit log.
 */
export function useAuditFilter(): [AuditFilter, (filter: AuditFilter) => void] {
  const search = useSyncExternalStore(subscribe, currentSearch);
  const filter = useMemo(() => parseAuditFilter(search), [search]);
  const setFilter = useCallback((next: AuditFilter) => {
    const { pathname, hash } = window.location;
    window.history.replaceState(window.history.state, '', `${pathname}${auditFilterSearch(next)}${hash}`);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, []);
  return [filter, setFilter];
}
