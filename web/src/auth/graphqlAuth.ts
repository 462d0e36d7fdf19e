import { readCookie } from './cookies';

/**
 * How the console proves who it is to the gateway: an API token (pasted, or `#token=` from `npm run up`),
 * or the session cookie a sign-in with SSO or GitHub left in the browser.
 */
export type GraphQLAuth = { kind: 'token'; token: string } | { kind: 'session' };

/** The gateway's CSRF cookie, readable by scripts of the console's own origin only. */
export const CSRF_COOKIE = 'slipway_csrf';
/** Where the gateway expects that cookie's value on a request the session cookie authenticates. */
export const CSRF_HEADER = 'x-slipway-csrf';

/**
 * The headers that authenticate an HTTP request: the token, or (the browser sends the session cookie
 * itself) the CSRF token echoed from its cookie. Sent on every request, not only mutations: simplest, and
 * harmless, since only a script of this origin can read the cookie.
 */
export function authHeaders(auth: GraphQLAuth, cookies: string): Record<string, string> {
  if (auth.kind === 'token') return { authorization: `Bearer ${auth.token}` };
  const csrf = readCookie(cookies, CSRF_COOKIE);
  return csrf === null ? {} : { [CSRF_HEADER]: csrf };
}

/** What graphql-ws sends when it connects: the token, or nothing (the upgrade request carries the cookie). */
export function connectionParams(auth: GraphQLAuth): Record<string, unknown> | undefined {
  return auth.kind === 'token' ? { authorization: `Bearer ${auth.token}` } : undefined;
}
