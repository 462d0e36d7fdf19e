import { useEffect, useState } from 'react';
import { messageOf } from '../errors/messageOf';
import type { DashboardQuery } from '../gql/graphql';
import { useGraphQLClient } from '../graphql/useGraphQLClient';
import { DASHBOARD_EVENTS_SUBSCRIPTION, DASHBOARD_QUERY } from './dashboardOperations';

// A deployment sends a burst of events (queued, started, succeeded, promoted…): one read answers them all.
const REFETCH_DEBOUNCE_MS = 300;

export interface LiveDashboard {
  /** undefined until the first answer arrives. */
  dashboard: DashboardQuery | undefined;
  error: string | null;
}

/**
 * The environment matrix and pending approvals, kept current: read once, then read again (debounced)
 * whenever a deployment event arrives, and after the WebSocket reconnects, since events may have been
 * missed meanwhile.
 */
export function useDashboard(): LiveDashboard {
  const client = useGraphQLClient();
  const [dashboard, setDashboard] = useState<DashboardQuery | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  // Kept apart from loadError: a successful read must not hide that live updates stopped.
  const [liveError, setLiveError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    let timer: number | undefined;
    let latestRead = 0;

    async function load(): Promise<void> {
      const read = ++latestRead;
      try {
        const data = await client.request(DASHBOARD_QUERY, {}, controller.signal);
        // An older read that answers late must not overwrite a newer one.
        if (controller.signal.aborted || read !== latestRead) return;
        setDashboard(data);
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
      DASHBOARD_EVENTS_SUBSCRIPTION,
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
  }, [client]);

  return { dashboard, error: liveError ?? loadError };
}
