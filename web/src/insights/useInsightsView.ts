import { useCallback, useMemo } from 'react';
import { useLocationSearch } from '../routing/useLocationSearch';
import { insightsSearch, parseInsightsView, type InsightsView } from './insightsView';

/**
 * The view kept in the address's query string, so a link shows someone else the same numbers; stepping
 * through selects does not fill the Back button.
 */
export function useInsightsView(): [InsightsView, (change: Partial<InsightsView>) => void] {
  const [search, setSearch] = useLocationSearch();
  const view = useMemo(() => parseInsightsView(search), [search]);
  // Read at the moment of the change: two changes in one event both count.
  const change = useCallback(
    (update: Partial<InsightsView>) =>
      setSearch(insightsSearch({ ...parseInsightsView(window.location.search), ...update })),
    [setSearch],
  );
  return [view, change];
}
