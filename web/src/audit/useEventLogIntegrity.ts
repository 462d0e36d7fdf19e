import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../errors/messageOf';
import type { EventLogIntegrityQuery } from '../gql/graphql';
import { useGraphQLClient } from '../graphql/useGraphQLClient';
import { EVENT_LOG_INTEGRITY_QUERY } from './auditOperations';

export type LogIntegrity = EventLogIntegrityQuery['eventLogIntegrity'][number];

export interface EventLogIntegrity {
  /** null while the chains are being walked. */
  logs: LogIntegrity[] | null;
  error: string | null;
  check: () => void;
}

/** Both hash chains, walked once when the page opens and again on demand (it reads every entry). */
export function useEventLogIntegrity(): EventLogIntegrity {
  const client = useGraphQLClient();
  const [logs, setLogs] = useState<LogIntegrity[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLogs(null);
    client
      .request(EVENT_LOG_INTEGRITY_QUERY, {}, controller.signal)
      .then((data) => {
        if (controller.signal.aborted) return;
        setLogs(data.eventLogIntegrity);
        setError(null);
      })
      .catch((cause: unknown) => {
        if (!controller.signal.aborted) setError(messageOf(cause));
      });
    return () => controller.abort();
  }, [client, round]);

  const check = useCallback(() => setRound((previous) => previous + 1), []);
  return { logs, error, check };
}
