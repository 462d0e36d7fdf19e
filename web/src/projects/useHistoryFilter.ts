import { useCallback, useMemo } from 'react';
import { useLocationSearch } from '../routing/useLocationSearch';
import { historyFilterSearch, parseHistoryFilter, type HistoryFilter } from './historyFilter';

/** The history's filter lives in the address, so a filtered history can be bookmarked, sent, or reloaded. */
export function useHistoryFilter(): [HistoryFilter, (filter: HistoryFilter) => void] {
  const [search, setSearch] = useLocationSearch();
  const filter = useMemo(() => parseHistoryFilter(search), [search]);
  const setFilter = useCallback((next: HistoryFilter) => setSearch(historyFilterSearch(next)), [setSearch]);
  return [filter, setFilter];
}
