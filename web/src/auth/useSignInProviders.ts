import { useEffect, useState } from 'react';
import { messageOf } from '../errors/messageOf';
import { fetchSignInProviders } from './session';
import type { SignInProviders } from './signInProviders';

export interface SignInProvidersAnswer {
  /** null until the gateway answered. */
  providers: SignInProviders | null;
  error: string | null;
}

/** The sign-in providers the gateway offers, asked once. */
export function useSignInProviders(): SignInProvidersAnswer {
  const [answer, setAnswer] = useState<SignInProvidersAnswer>({ providers: null, error: null });
  useEffect(() => {
    const controller = new AbortController();
    fetchSignInProviders(controller.signal).then(
      (providers) => setAnswer({ providers, error: null }),
      (cause: unknown) => {
        if (!controller.signal.aborted) setAnswer({ providers: null, error: messageOf(cause) });
      },
    );
    return () => controller.abort();
  }, []);
  return answer;
}
