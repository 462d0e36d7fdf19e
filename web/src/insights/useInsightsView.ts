import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { insightsSearch, parseInsightsView, type InsightsView } from './insightsView';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
}

function currentSearch(): string {
  return window.location.search;
}

/**
 * The view kept in the address's query string, so a link shows someone else the same numbers. A change
 * replaces the history entry: stepping through selects should not fill the Back button.
 */
export function useInsightsView(): [InsightsView, (change: Partial<InsightsView>) => void] {
  const search = useSyncExternalStore(subscribe, currentSearch);
  const view = useMemo(() => parseInsightsView(search), [search]);
  const change = useCallback((update: Partial<InsightsView>) => {
    const next = insightsSearch({ ...parseInsightsView(window.location.search), ...update });
    if (next === window.location.search) return;
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${next}`);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, []);
  return [view, change];
}
