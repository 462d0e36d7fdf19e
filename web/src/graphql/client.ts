import { createClient, type Client } from 'graphql-ws';
import { authHeaders, connectionParams, type GraphQLAuth } from '../auth/graphqlAuth';
import { messageOf } from '../errors/messageOf';
import type { TypedDocumentString } from '../gql/graphql';
import { GraphQLRequestError, type GraphQLErrorPayload } from './GraphQLRequestError';

const ENDPOINT = '/graphql';
// graphql-ws servers close with 4403 when `onConnect` refuses the caller (the gateway's does for a bad
// token or an ended session), and 4401 when a subscription comes before the connection was accepted.
const REFUSED_CLOSE_CODES: ReadonlySet<number> = new Set([4401, 4403]);
const MAX_RETRY_WAIT_MS = 10_000;

export interface SubscriptionHandlers<TData> {
  next: (data: TData) => void;
  error: (error: GraphQLRequestError) => void;
}

/**
 * A `graphql(...)` document from src/gql: its text is what goes on the wire, its type parameters give the
 * data and variables of the operation, so a call site cannot disagree with the schema. The methods take
 * the variables' type from the operation alone (`NoInfer`), so a misspelt or stray variable is an error.
 */
export type Operation<TData, TVariables extends Variables> = TypedDocumentString<TData, TVariables>;

export type Variables = Record<string, unknown>;

export interface GraphQLClient {
  /** Runs a query or mutation over HTTP; rejects with a GraphQLRequestError. */
  request<TData, TVariables extends Variables>(
    operation: Operation<TData, TVariables>,
    variables: NoInfer<TVariables>,
    signal?: AbortSignal,
  ): Promise<TData>;
  /** Starts a subscription over graphql-ws; returns the function that stops it. */
  subscribe<TData, TVariables extends Variables>(
    operation: Operation<TData, TVariables>,
    variables: NoInfer<TVariables>,
    handlers: SubscriptionHandlers<TData>,
  ): () => void;
  /** Calls `listener` each time the WebSocket reconnects after a drop, when events may have been missed. */
  onReconnected(listener: () => void): () => void;
  dispose(): void;
}

export interface GraphQLClientOptions {
  /** An API token, or the browser's session cookie (then every request echoes the CSRF cookie). */
  auth: GraphQLAuth;
  /** Called whenever the gateway rejects the token or the session. */
  onUnauthenticated: () => void;
}

interface GraphQLResponse<TData> {
  data?: TData | null;
  errors?: readonly GraphQLErrorPayload[];
}

export function createGraphQLClient({ auth, onUnauthenticated }: GraphQLClientOptions): GraphQLClient {
  const credential = auth.kind === 'token' ? 'token' : 'sign-in';
  const reconnectListeners = new Set<() => void>();
  let socket: Client | undefined;

  function reported(error: GraphQLRequestError): GraphQLRequestError {
    if (error.unauthenticated) onUnauthenticated();
    return error;
  }

  // Created on first use so that a disposed client can still serve a later subscription.
  function openSocket(): Client {
    socket ??= createClient({
      url: webSocketUrl(),
      // Without parameters the gateway reads the session cookie of the upgrade request.
      connectionParams: connectionParams(auth),
      lazy: true,
      retryAttempts: Infinity,
      retryWait: waitBeforeRetry,
      shouldRetry: (reason) => reason instanceof CloseEvent && !REFUSED_CLOSE_CODES.has(reason.code),
      on: {
        connected: (_socket, _payload, wasRetry) => {
          if (wasRetry) reconnectListeners.forEach((listener) => listener());
        },
      },
    });
    return socket;
  }

  return {
    async request<TData, TVariables extends Variables>(
      operation: Operation<TData, TVariables>,
      variables: NoInfer<TVariables>,
      signal?: AbortSignal,
    ): Promise<TData> {
      let response: Response;
      try {
        response = await fetch(ENDPOINT, {
          method: 'POST',
          headers: {
            accept: 'application/graphql-response+json, application/json',
            'content-type': 'application/json',
            ...authHeaders(auth, document.cookie),
          },
          credentials: 'same-origin',
          body: JSON.stringify({ query: operation.toString(), variables }),
          ...(signal ? { signal } : {}),
        });
      } catch (cause) {
        if (signal?.aborted) throw cause;
        throw new GraphQLRequestError(`Could not reach the gateway: ${messageOf(cause)}`);
      }
      const body = await readResponse<TData>(response);
      if (body?.errors?.length) throw reported(GraphQLRequestError.fromErrors(body.errors));
      if (response.status === 401) {
        throw reported(new GraphQLRequestError(`The gateway refused the ${credential}.`, true));
      }
      if (!response.ok || body?.data === undefined || body.data === null) {
        throw new GraphQLRequestError(
          `The gateway answered ${response.status} ${response.statusText} without data.`,
        );
      }
      return body.data;
    },

    subscribe<TData, TVariables extends Variables>(
      operation: Operation<TData, TVariables>,
      variables: NoInfer<TVariables>,
      handlers: SubscriptionHandlers<TData>,
    ): () => void {
      return openSocket().subscribe<TData>(
        { query: operation.toString(), variables },
        {
          next: (result) => {
            if (result.errors?.length) {
              handlers.error(reported(GraphQLRequestError.fromErrors(result.errors)));
            } else if (result.data !== undefined && result.data !== null) {
              handlers.next(result.data);
            }
          },
          error: (reason) => handlers.error(reported(subscriptionError(reason, credential))),
          complete: () => undefined,
        },
      );
    },

    onReconnected(listener: () => void): () => void {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },

    dispose(): void {
      void socket?.dispose();
      socket = undefined;
    },
  };
}

function webSocketUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${window.location.host}${ENDPOINT}`;
}

function waitBeforeRetry(retries: number): Promise<void> {
  const delay = Math.min(1000 * 2 ** retries, MAX_RETRY_WAIT_MS) + Math.random() * 500;
  return new Promise((resolve) => window.setTimeout(resolve, delay));
}

async function readResponse<TData>(response: Response): Promise<GraphQLResponse<TData> | undefined> {
  if (!(response.headers.get('content-type') ?? '').includes('json')) return undefined;
  const body: unknown = await response.json().catch(() => undefined);
  return typeof body === 'object' && body !== null ? body : undefined;
}

function subscriptionError(reason: unknown, credential: string): GraphQLRequestError {
  if (isErrorPayloadList(reason)) return GraphQLRequestError.fromErrors(reason);
  if (reason instanceof CloseEvent) {
    if (REFUSED_CLOSE_CODES.has(reason.code)) {
      return new GraphQLRequestError(`The gateway refused the ${credential} for live updates.`, true);
    }
    const detail = reason.reason ? `: ${reason.reason}` : '';
    return new GraphQLRequestError(
      `Live updates stopped (connection closed with code ${reason.code}${detail}).`,
    );
  }
  return new GraphQLRequestError(`Live updates stopped: ${messageOf(reason)}`);
}

function isErrorPayloadList(value: unknown): value is GraphQLErrorPayload[] {
  return (
    Array.isArray(value) &&
    value.every(
      (item: unknown) =>
        typeof item === 'object' && item !== null && 'message' in item && typeof item.message === 'string',
    )
  );
}
