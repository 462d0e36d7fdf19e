import { useCallback, useMemo } from 'react';
import { useLocationSearch } from '../routing/useLocationSearch';
import { auditFilterSearch, parseAuditFilter, type AuditFilter } from './auditFilter';

/**
 * The filter lives in the address, so a filtered log can be bookmarked or sent to a colleague; Back
 * leaves the audit log.
 */
export function useAuditFilter(): [AuditFilter, (filter: AuditFilter) => void] {
  const [search, setSearch] = useLocationSearch();
  const filter = useMemo(() => parseAuditFilter(search), [search]);
  const setFilter = useCallback((next: AuditFilter) => setSearch(auditFilterSearch(next)), [setSearch]);
  return [filter, setFilter];
}
