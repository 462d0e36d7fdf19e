import { useEffect, useState, useSyncExternalStore } from 'react';
import { messageOf } from '../../errors/messageOf';
import { useGraphQLClient } from '../../graphql/useGraphQLClient';
import { DEPLOYMENT_LOGS_SUBSCRIPTION, STEP_LOGS_QUERY } from '../deploymentOperations';
import { LogStore, type StepLogLine } from './logStore';

/** The most stepLogs answers in one page (the gateway's MAX_LOG_PAGE). */
const HISTORY_PAGE = 5000;

export interface DeploymentLogs {
  store: LogStore;
  /** Changes with each batch of lines added to the store. */
  revision: number;
  /** True until what was printed before the page opened has been read. */
  loadingHistory: boolean;
  error: string | null;
}

/**
 * Every line a deployment's build and steps printed: what is stored already, read a page at a time over
 * HTTP, then the rest live over the deploymentLogs subscription, resumed after the last line read. Live
 * lines are added once per animation frame, so a burst of thousands renders once, not once per line.
 */
export function useDeploymentLogs(deploymentId: string): DeploymentLogs {
  const client = useGraphQLClient();
  const [store] = useState(() => new LogStore());
  const revision = useSyncExternalStore(store.subscribe, store.revision);
  const [loadingHistory, setLoadingHistory] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    let unsubscribe: (() => void) | null = null;
    let pending: StepLogLine[] = [];
    let frame: number | null = null;

    const flush = () => {
      frame = null;
      const batch = pending;
      pending = [];
      store.append(batch);
    };

    async function readHistory(): Promise<void> {
      for (;;) {
        const { stepLogs } = await client.request(
          STEP_LOGS_QUERY,
          { deploymentId, after: store.lastId, first: HISTORY_PAGE },
          controller.signal,
        );
        if (controller.signal.aborted) return;
        store.append(stepLogs);
        if (stepLogs.length < HISTORY_PAGE) return;
      }
    }

    async function follow(): Promise<void> {
      try {
        await readHistory();
      } catch (cause) {
        if (controller.signal.aborted) return;
        // The subscription sends what the history missed too, from the last line read.
        setError(`Could not read the stored log: ${messageOf(cause)}`);
      }
      if (controller.signal.aborted) return;
      setLoadingHistory(false);
      unsubscribe = client.subscribe(
        DEPLOYMENT_LOGS_SUBSCRIPTION,
        { id: deploymentId, after: store.lastId },
        {
          next: ({ deploymentLogs: line }) => {
            pending.push(line);
            frame ??= window.requestAnimationFrame(flush);
          },
          error: (failure) => setError(`Live log stopped: ${failure.message}`),
        },
      );
    }

    void follow();
    return () => {
      controller.abort();
      unsubscribe?.();
      if (frame !== null) window.cancelAnimationFrame(frame);
    };
  }, [client, deploymentId, store]);

  return { store, revision, loadingHistory, error };
}
