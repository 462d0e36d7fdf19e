import { useEffect, useState } from 'react';
import { DASHBOARD_EVENTS_SUBSCRIPTION } from '../dashboard/dashboardOperations';
import { messageOf } from '../errors/messageOf';
import type { ProjectOverviewQuery } from '../gql/graphql';
import { useGraphQLClient } from '../graphql/useGraphQLClient';
import { PROJECT_OVERVIEW_QUERY } from './projectOperations';

// A deployment sends a burst of events (queued, started, succeeded, promoted…): one read answers them all.
const REFETCH_DEBOUNCE_MS = 300;

export interface LiveProjectOverview {
  /** undefined until the first answer arrives. */
  overview: ProjectOverviewQuery | undefined;
  error: string | null;
}

/**
 * The project's environments and releases, kept current as the dashboard is: read once, then again
 * (debounced) on each deployment event and after the WebSocket reconnects.
 */
export function useProjectOverview(project: string): LiveProjectOverview {
  const client = useGraphQLClient();
  const [overview, setOverview] = useState<ProjectOverviewQuery | undefined>(undefined);
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
        const data = await client.request(PROJECT_OVERVIEW_QUERY, { project }, controller.signal);
        // An older read that answers late must not overwrite a newer one.
        if (controller.signal.aborted || read !== latestRead) return;
        setOverview(data);
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
  }, [client, project]);

  return { overview, error: liveError ?? loadError };
}
