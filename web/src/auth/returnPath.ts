import { PAGE_PATHS } from '../routing/route';

const MAX_LENGTH = 2000;
/** Pages a sign-in never returns to: they would only show themselves again. */
const SIGN_IN_PAGES = [PAGE_PATHS.signIn, PAGE_PATHS.accessDenied];

/**
 * `value` when it is a path on this site that the gateway takes as `returnTo` (the same rule as
 * gateway/src/auth/return-to.ts: one leading '/', no backslash, space or control character), else the
 * home page. A value that names the sign-in pages themselves is home too.
 */
export function safeReturnPath(value: string | null): string {
  if (value === null || value.length > MAX_LENGTH) return '/';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (!/^\/(?![/\\])[^\\\x00-\x20\x7f]*$/.test(value)) return '/';
  const pathname = value.replace(/[?#].*$/, '').replace(/(.)\/$/, '$1');
  return SIGN_IN_PAGES.includes(pathname) ? '/' : value;
}

/** The sign-in page's address for someone on their way to `wanted` (a path and query). */
export function signInPath(wanted: string): string {
  const returnTo = safeReturnPath(wanted);
  return returnTo === '/'
    ? PAGE_PATHS.signIn
    : `${PAGE_PATHS.signIn}?${new URLSearchParams({ returnTo }).toString()}`;
}

/** Where the person was going, read from the sign-in page's query (`?returnTo=`). */
export function returnPathFromSearch(search: string): string {
  return safeReturnPath(new URLSearchParams(search).get('returnTo'));
}

/**
 * The link that starts a sign-in with a provider (its path as /auth/providers gives it); the gateway
 * carries `returnTo` through the provider and sends the browser there once signed in.
 */
export function providerSignInHref(providerPath: string, returnTo: string): string {
  const path = safeReturnPath(returnTo);
  return path === '/'
    ? providerPath
    : `${providerPath}?${new URLSearchParams({ returnTo: path }).toString()}`;
}
