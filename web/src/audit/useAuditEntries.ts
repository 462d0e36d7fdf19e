import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../errors/messageOf';
import type { AuditEntriesQuery } from '../gql/graphql';
import { useGraphQLClient } from '../graphql/useGraphQLClient';
import { auditFilterInput, type AuditFilter } from './auditFilter';
import { AUDIT_ENTRIES_QUERY } from './auditOperations';

const PAGE_SIZE = 50;

export type AuditEntry = AuditEntriesQuery['auditEntries'][number];

export interface AuditEntries {
  /** null until the first page arrives. */
  entries: AuditEntry[] | null;
  error: string | null;
  loadingMore: boolean;
  /** False once a page came back short: there is nothing older. */
  hasMore: boolean;
  loadMore: () => void;
}

/** The audit log under `filter`, newest first, a page at a time after the last entry's id. */
export function useAuditEntries(filter: AuditFilter): AuditEntries {
  const client = useGraphQLClient();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [hasMore, setHasMore] = useState(false);
  // The request of the current filter: a new filter aborts whatever the previous one still waits for.
  const controller = useRef<AbortController | null>(null);

  const fetchPage = useCallback(
    async (after: string | null) => {
      const signal = controller.current?.signal;
      try {
        const data = await client.request(
          AUDIT_ENTRIES_QUERY,
          { filter: auditFilterInput(filter), first: PAGE_SIZE, after },
          signal,
        );
        if (signal?.aborted) return;
        setEntries((shown) => [...(after && shown ? shown : []), ...data.auditEntries]);
        setHasMore(data.auditEntries.length === PAGE_SIZE);
        setError(null);
      } catch (cause) {
        if (!signal?.aborted) setError(messageOf(cause));
      } finally {
        if (!signal?.aborted) setLoadingMore(false);
      }
    },
    [client, filter],
  );

  useEffect(() => {
    controller.current = new AbortController();
    setEntries(null);
    setError(null);
    void fetchPage(null);
    return () => controller.current?.abort();
  }, [fetchPage]);

  const lastId = entries?.at(-1)?.id ?? null;
  const loadMore = useCallback(() => {
    if (!lastId) return;
    setLoadingMore(true);
    void fetchPage(lastId);
  }, [fetchPage, lastId]);

  return { entries, error, loadingMore, hasMore, loadMore };
}
