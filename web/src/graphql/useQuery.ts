import { useCallback, useEffect, useMemo, useState } from 'react';
import { messageOf } from '../errors/messageOf';
import type { Operation } from './client';
import { useGraphQLClient } from './useGraphQLClient';

export interface QueryResult<TData> {
  /** null until the answer for the current variables arrives; a reload keeps the previous answer shown. */
  data: TData | null;
  error: string | null;
  /** Asks again, e.g. after a mutation changed the answer. */
  reload: () => void;
}

/**
 * Runs `operation` once per distinct `variables` (compared as JSON, so callers may pass a fresh object each
 * render), or not at all while `variables` is null.
 */
export function useQuery<TData, TVariables extends Record<string, unknown>>(
  operation: Operation<TData, TVariables>,
  variables: NoInfer<TVariables> | null,
): QueryResult<TData> {
  const client = useGraphQLClient();
  const key = variables === null ? null : JSON.stringify(variables);
  // Keyed on the JSON: equal variables keep one object, so the effect runs once for them.
  const stableVariables = useMemo(() => variables, [key]);
  const [answer, setAnswer] = useState<{ key: string; data: TData } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (key === null || stableVariables === null) return;
    const controller = new AbortController();
    setError(null);
    client.request(operation, stableVariables, controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setAnswer({ key, data });
      },
      (cause: unknown) => {
        if (!controller.signal.aborted) setError(messageOf(cause));
      },
    );
    return () => controller.abort();
  }, [client, operation, key, stableVariables, generation]);

  const reload = useCallback(() => setGeneration((current) => current + 1), []);
  return { data: answer !== null && answer.key === key ? answer.data : null, error, reload };
}
