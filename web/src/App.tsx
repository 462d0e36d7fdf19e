import { useCallback, useEffect, useMemo, useState } from 'react';
import { forgetToken, storeToken } from './auth/token';
import { TokenForm } from './auth/TokenForm';
import { createGraphQLClient } from './graphql/client';
import { GraphQLClientContext } from './graphql/GraphQLClientContext';
import { CurrentPage } from './routing/CurrentPage';
import { AppLayout } from './shell/AppLayout';

const REJECTED_TOKEN_NOTICE =
  'The gateway rejected your API token (it may have expired or been revoked). Paste a valid one.';

export function App({ initialToken }: { initialToken: string | null }) {
  const [token, setToken] = useState(initialToken);
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback((why: string | null) => {
    forgetToken();
    setToken(null);
    setNotice(why);
  }, []);

  const client = useMemo(
    () =>
      token ? createGraphQLClient({ token, onUnauthenticated: () => signOut(REJECTED_TOKEN_NOTICE) }) : null,
    [token, signOut],
  );
  useEffect(() => () => client?.dispose(), [client]);

  function signIn(newToken: string) {
    storeToken(newToken);
    setNotice(null);
    setToken(newToken);
  }

  return (
    <AppLayout signedIn={client !== null} onSignOut={() => signOut(null)}>
      {client ? (
        <GraphQLClientContext value={client}>
          <CurrentPage />
        </GraphQLClientContext>
      ) : (
        <TokenForm notice={notice} onSubmit={signIn} />
      )}
    </AppLayout>
  );
}
