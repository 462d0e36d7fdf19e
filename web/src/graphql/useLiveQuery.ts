import { useEffect, useState } from 'react';
import { messageOf } from '../errors/messageOf';
import type { Operation, Variables } from './client';
import { DEPLOYMENT_ACTIVITY_SUBSCRIPTION } from './liveOperations';
import { useGraphQLClient } from './useGraphQLClient';

// A deployment sends a burst of events (queued, started, succeeded, promoted…): one read answers them all.
const REFETCH_DEBOUNCE_MS = 300;

export interface LiveQuery<TData> {
  /** undefined until the first answer arrives. */
  data: TData | undefined;
  error: string | null;
}

/**
 * A query kept current: read once, then read again (debounced) whenever a deployment event of any
 * project the caller sees arrives (the `dashboard` subscription), and after the WebSocket reconnects,
 * since events may have been missed meanwhile. `skip` reads nothing (data stays undefined) until it is false.
 */
export function useLiveQuery<TData, TVariables extends Variables>(
  operation: Operation<TData, TVariables>,
  variables: TVariables,
  { skip = false }: { skip?: boolean } = {},
): LiveQuery<TData> {
  const client = useGraphQLClient();
  const [data, setData] = useState<TData | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  // Kept apart from loadError: a successful read must not hide that live updates stopped.
  const [liveError, setLiveError] = useState<string | null>(null);
  // Variables are compared by value: callers may pass a fresh object on every render.
  const key = JSON.stringify(variables);

  useEffect(() => {
    if (skip) return undefined;
    const controller = new AbortController();
    const asked = JSON.parse(key) as TVariables;
    let timer: number | undefined;
    let latestRead = 0;

    async function load(): Promise<void> {
      const read = ++latestRead;
      try {
        const answer = await client.request(operation, asked, controller.signal);
        // An older read that answers late must not overwrite a newer one.
        if (controller.signal.aborted || read !== latestRead) return;
        setData(answer);
        setLoadError(null);
      } catch (cause) {
        if (!controller.signal.aborted && read === latestRead) setLoadError(messageOf(cause));
      }
    }

    function loadSoon(): void {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void load(), REFETCH_DEBOUNCE_MS);
    }

    const unsubscribe = client.subscribe(
      DEPLOYMENT_ACTIVITY_SUBSCRIPTION,
      {},
      {
        next: () => {
          setLiveError(null);
          loadSoon();
        },
        error: (failure) => setLiveError(`Live updates stopped: ${failure.message}`),
      },
    );
    const stopReloading = client.onReconnected(() => {
      setLiveError(null);
      loadSoon();
    });
    void load();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
      unsubscribe();
      stopReloading();
    };
  }, [client, operation, key, skip]);

  return { data, error: liveError ?? loadError };
}
