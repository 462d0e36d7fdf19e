import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../errors/messageOf';
import type { SignedInViewerQuery } from '../gql/graphql';
import { createGraphQLClient, type GraphQLClient } from '../graphql/client';
import { GraphQLRequestError } from '../graphql/GraphQLRequestError';
import { navigate } from '../routing/navigate';
import { PAGE_PATHS } from '../routing/route';
import type { GraphQLAuth } from './graphqlAuth';
import { endSession } from './session';
import { forgetToken, storeToken } from './token';
import { SIGNED_IN_VIEWER_QUERY } from './viewerOperations';

export type Viewer = SignedInViewerQuery['me'];

export type SessionState =
  /** Asking the gateway who the token or the session cookie is. */
  | { phase: 'checking' }
  /** The gateway could not say (it is down, or answered nonsense): nothing is known either way. */
  | { phase: 'unreachable'; message: string }
  /**
   * Nobody is signed in; `notice` says why when the person did not choose it (e.g. the session ended), and
   * `tokenRefused` when it was an API token the gateway refused (the token form then stays open).
   */
  | { phase: 'signedOut'; notice: string | null; tokenRefused: boolean }
  | { phase: 'signedIn'; auth: GraphQLAuth; viewer: Viewer; client: GraphQLClient };

export interface ConsoleSession {
  state: SessionState;
  signInWithToken: (token: string) => void;
  /** Ends the session (or forgets the token) and shows the sign-in page. */
  signOut: () => Promise<void>;
  /** Asks the gateway again after it could not be reached. */
  retry: () => void;
}

const REJECTED_TOKEN_NOTICE =
  'The gateway rejected your API token (it may have expired or been revoked). Paste a valid one.';
const SESSION_ENDED_NOTICE =
  'Your sign-in has ended (it expired, or you signed out elsewhere). Sign in again.';

/**
 * Who the console runs as. At start: the API token it holds, else the browser's session cookie; either
 * way it asks the gateway `me` and runs on that one GraphQL client until the gateway refuses it.
 */
export function useConsoleSession(initialToken: string | null): ConsoleSession {
  // What the console tries to be signed in with; null once nobody is.
  const [auth, setAuth] = useState<GraphQLAuth | null>(
    initialToken === null ? { kind: 'session' } : { kind: 'token', token: initialToken },
  );
  const [state, setState] = useState<SessionState>({ phase: 'checking' });
  const [attempt, setAttempt] = useState(0);

  const signedOut = useCallback((notice: string | null, tokenRefused = false) => {
    setAuth(null);
    setState({ phase: 'signedOut', notice, tokenRefused });
  }, []);

  useEffect(() => {
    if (auth === null) return;
    let active = true;
    let confirmed = false;
    const refused = (): void => {
      if (auth.kind === 'token') {
        forgetToken();
        signedOut(REJECTED_TOKEN_NOTICE, true);
      } else {
        // A session cookie the gateway does not know at start is simply nobody signed in yet.
        signedOut(confirmed ? SESSION_ENDED_NOTICE : null);
      }
    };
    const client = createGraphQLClient({
      auth,
      // Until `me` answered, its own refusal below decides; later ones mean the token or session ended.
      onUnauthenticated: () => {
        if (active && confirmed) refused();
      },
    });
    client.request(SIGNED_IN_VIEWER_QUERY, {}).then(
      ({ me }) => {
        if (!active) return;
        confirmed = true;
        setState({ phase: 'signedIn', auth, viewer: me, client });
      },
      (cause: unknown) => {
        if (!active) return;
        if (cause instanceof GraphQLRequestError && cause.unauthenticated) refused();
        else setState({ phase: 'unreachable', message: messageOf(cause) });
      },
    );
    return () => {
      active = false;
      client.dispose();
    };
  }, [auth, attempt, signedOut]);

  const signInWithToken = useCallback((token: string) => {
    storeToken(token);
    setState({ phase: 'checking' });
    setAuth({ kind: 'token', token });
  }, []);

  const signOut = useCallback(async () => {
    let notice: string | null = null;
    if (auth?.kind === 'session') {
      // Whatever the gateway says, the console stops using the session: the notice tells if it may live on.
      await endSession().catch((cause: unknown) => {
        notice = `${messageOf(cause)} Your session may still be open in this browser.`;
      });
    } else {
      forgetToken();
    }
    signedOut(notice);
    navigate(PAGE_PATHS.signIn);
  }, [auth, signedOut]);

  const retry = useCallback(() => {
    setState({ phase: 'checking' });
    setAttempt((current) => current + 1);
  }, []);

  return { state, signInWithToken, signOut, retry };
}
