import { useEffect, useState } from 'react';
import { useGraphQLClient } from '../graphql/useGraphQLClient';
import { DEPLOYMENT_LOGS_SUBSCRIPTION } from './deploymentOperations';

/** What each step prints, line by line, as it prints it (keyed by step position). */
export type StepLogs = ReadonlyMap<number, readonly string[]>;

const KEEP_LINES = 500;

export function useStepLogs(id: string): StepLogs {
  const client = useGraphQLClient();
  const [logs, setLogs] = useState<StepLogs>(new Map());

  useEffect(() => {
    let lastId = 0n;
    setLogs(new Map());
    return client.subscribe(
      DEPLOYMENT_LOGS_SUBSCRIPTION,
      { id },
      {
        next: ({ deploymentLogs: line }) => {
          // After a reconnect the subscription starts over: skip what is already shown.
          if (BigInt(line.id) <= lastId) return;
          lastId = BigInt(line.id);
          setLogs((current) => {
            const next = new Map(current);
            const text = line.rollback ? `↩ ${line.line}` : line.line;
            next.set(line.step, [...(current.get(line.step) ?? []), text].slice(-KEEP_LINES));
            return next;
          });
        },
        error: () => undefined,
      },
    );
  }, [client, id]);

  return logs;
}
