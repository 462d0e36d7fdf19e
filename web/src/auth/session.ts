import { messageOf } from '../errors/messageOf';
import { authHeaders } from './graphqlAuth';
import { parseSignInProviders, type SignInProviders } from './signInProviders';

/** Asks the gateway which sign-in buttons to show. */
export async function fetchSignInProviders(signal: AbortSignal): Promise<SignInProviders> {
  let response: Response;
  try {
    response = await fetch('/auth/providers', { headers: { accept: 'application/json' }, signal });
  } catch (cause) {
    if (signal.aborted) throw cause;
    throw new Error(`Could not reach the gateway for its sign-in options: ${messageOf(cause)}`, { cause });
  }
  if (!response.ok) {
    throw new Error(
      `The gateway answered ${response.status} ${response.statusText} for its sign-in options.`,
    );
  }
  return parseSignInProviders(await response.json().catch(() => null));
}

/** Ends the browser's session on the gateway, which also clears its cookies. */
export async function endSession(): Promise<void> {
  let response: Response;
  try {
    response = await fetch('/auth/logout', {
      method: 'POST',
      credentials: 'same-origin',
      headers: authHeaders({ kind: 'session' }, document.cookie),
    });
  } catch (cause) {
    throw new Error(`Could not reach the gateway to sign out: ${messageOf(cause)}`, { cause });
  }
  if (!response.ok) throw new Error(`The gateway answered ${response.status} when signing out.`);
}
