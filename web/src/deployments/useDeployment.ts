import { useEffect, useState } from 'react';
import { messageOf } from '../errors/messageOf';
import type { DeploymentEventsSubscription, DeploymentFieldsFragment } from '../gql/graphql';
import { useGraphQLClient } from '../graphql/useGraphQLClient';
import { DEPLOYMENT_EVENTS_SUBSCRIPTION, DEPLOYMENT_QUERY } from './deploymentOperations';

/** One event of a deployment, as the timeline reads it. */
export type DeploymentEvent = Omit<DeploymentEventsSubscription['deploymentEvents'], 'deployment'>;

export interface LiveDeployment {
  /** undefined while loading, null when no deployment has this id. */
  deployment: DeploymentFieldsFragment | null | undefined;
  /** Its events so far, in order (the subscription replays them from the first). */
  events: readonly DeploymentEvent[];
  error: string | null;
}

/**
 * One deployment, kept current: loaded once, then replaced by the snapshot each event carries.
 * After the WebSocket reconnects it is loaded again, since events may have been missed meanwhile.
 */
export function useDeployment(id: string): LiveDeployment {
  const client = useGraphQLClient();
  const [deployment, setDeployment] = useState<DeploymentFieldsFragment | null | undefined>(undefined);
  const [events, setEvents] = useState<readonly DeploymentEvent[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  // Kept apart from loadError: a successful reload must not hide that live updates stopped.
  const [liveError, setLiveError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    let lastSequence = -Infinity;
    let eventsReceived = 0;

    async function load(): Promise<void> {
      const eventsBefore = eventsReceived;
      try {
        const data = await client.request(DEPLOYMENT_QUERY, { id }, controller.signal);
        if (controller.signal.aborted) return;
        // An event that arrived while the query was in flight is at least as recent as its answer.
        if (eventsReceived === eventsBefore) setDeployment(data.deployment);
        setLoadError(null);
      } catch (cause) {
        if (!controller.signal.aborted) setLoadError(messageOf(cause));
      }
    }

    const unsubscribe = client.subscribe(
      DEPLOYMENT_EVENTS_SUBSCRIPTION,
      { id },
      {
        next: ({ deploymentEvents: { deployment: snapshot, ...event } }) => {
          // A resubscription replays the events already shown.
          if (event.sequence <= lastSequence) return;
          lastSequence = event.sequence;
          eventsReceived += 1;
          setDeployment(snapshot);
          setEvents((current) => [...current, event]);
          setLiveError(null);
        },
        error: (failure) => setLiveError(`Live updates stopped: ${failure.message}`),
      },
    );
    const stopReloading = client.onReconnected(() => void load());
    void load();

    return () => {
      controller.abort();
      unsubscribe();
      stopReloading();
    };
  }, [client, id]);

  return { deployment, events, error: liveError ?? loadError };
}
