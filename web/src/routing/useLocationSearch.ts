import { useCallback, useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
}

function currentSearch(): string {
  return window.location.search;
}

/**
 * The address's query string, for state that belongs in it (filters a person can bookmark or send), and
 * a way to change it. A change replaces the address rather than adding to the history: Back leaves the page.
 */
export function useLocationSearch(): [string, (search: string) => void] {
  const search = useSyncExternalStore(subscribe, currentSearch);
  const setSearch = useCallback((next: string) => {
    if (next === window.location.search) return;
    const { pathname, hash } = window.location;
    window.history.replaceState(window.history.state, '', `${pathname}${next}${hash}`);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, []);
  return [search, setSearch];
}
