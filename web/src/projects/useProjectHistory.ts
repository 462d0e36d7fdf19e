import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../errors/messageOf';
import type { ProjectHistoryQuery } from '../gql/graphql';
import { DEPLOYMENT_ACTIVITY_SUBSCRIPTION } from '../graphql/liveOperations';
import { useGraphQLClient } from '../graphql/useGraphQLClient';
import { historyFilterInput, type HistoryFilter } from './historyFilter';
import { PROJECT_HISTORY_QUERY } from './projectOperations';

const PAGE_SIZE = 25;
// A deployment sends a burst of events: one read answers them all.
const REFETCH_DEBOUNCE_MS = 300;

type HistoryDeployment = ProjectHistoryQuery['deployments']['nodes'][number];

export interface ProjectHistory {
  /** null until the first page arrives. */
  deployments: HistoryDeployment[] | null;
  error: string | null;
  loadingMore: boolean;
  hasMore: boolean;
  loadMore: () => void;
}

/**
 * The project's deployments under `filter`, newest first, a page at a time after the last page's cursor.
 * While only the first page is shown it follows the deployments live: read again on each deployment
 * event (a person paging back through the history keeps what they loaded).
 */
export function useProjectHistory(project: string, filter: HistoryFilter): ProjectHistory {
  const client = useGraphQLClient();
  const [deployments, setDeployments] = useState<HistoryDeployment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [endCursor, setEndCursor] = useState<string | null>(null);
  // The request of the current filter: a new filter aborts whatever the previous one still waits for.
  const controller = useRef<AbortController | null>(null);
  // Pages shown (0 until the first arrives) and whether a later one is on its way.
  const pages = useRef(0);
  const pagingOn = useRef(false);

  const fetchPage = useCallback(
    async (after: string | null) => {
      const signal = controller.current?.signal;
      try {
        const data = await client.request(
          PROJECT_HISTORY_QUERY,
          { filter: historyFilterInput(project, filter), first: PAGE_SIZE, after },
          signal,
        );
        if (signal?.aborted) return;
        const { nodes, pageInfo } = data.deployments;
        pages.current = after ? pages.current + 1 : 1;
        setDeployments((shown) => [...(after && shown ? shown : []), ...nodes]);
        setEndCursor(pageInfo.hasNextPage ? pageInfo.endCursor : null);
        setError(null);
      } catch (cause) {
        if (!signal?.aborted) setError(messageOf(cause));
      } finally {
        if (after) pagingOn.current = false;
        if (!signal?.aborted) setLoadingMore(false);
      }
    },
    [client, project, filter],
  );

  useEffect(() => {
    controller.current = new AbortController();
    pages.current = 0;
    setDeployments(null);
    setEndCursor(null);
    setError(null);
    void fetchPage(null);
    return () => controller.current?.abort();
  }, [fetchPage]);

  useEffect(() => {
    let timer: number | undefined;
    function refreshSoon(): void {
      if (pages.current !== 1 || pagingOn.current) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        if (pages.current === 1 && !pagingOn.current) void fetchPage(null);
      }, REFETCH_DEBOUNCE_MS);
    }
    // The overview above reports when live updates stop; here they only refresh.
    const unsubscribe = client.subscribe(
      DEPLOYMENT_ACTIVITY_SUBSCRIPTION,
      {},
      { next: refreshSoon, error: () => {} },
    );
    const stopRefreshing = client.onReconnected(refreshSoon);
    return () => {
      window.clearTimeout(timer);
      unsubscribe();
      stopRefreshing();
    };
  }, [client, fetchPage]);

  const loadMore = useCallback(() => {
    if (!endCursor) return;
    pagingOn.current = true;
    setLoadingMore(true);
    void fetchPage(endCursor);
  }, [fetchPage, endCursor]);

  return { deployments, error, loadingMore, hasMore: endCursor !== null, loadMore };
}
