/** The console's page that tells a person why their sign-in did not let them in. */
export const ACCESS_DENIED_PATH = '/access-denied';

/**
 * Why a sign-in failed, as `?reason=` tells the console (web/src/auth/accessDeniedReasons.ts knows the
 * same codes): `denied` the provider said who you are but nothing here admits you, `failed` the
 * provider's answer was refused or could not be verified, `error` a fault of our own.
 */
export type SignInFailureReason = 'denied' | 'failed' | 'error';

export function signInFailureReason(status: number): SignInFailureReason {
  if (status === 403) return 'denied';
  if (status >= 500) return 'error';
  return 'failed';
}

/**
 * Where a browser goes when its sign-in fails with `status`. Only the fixed code travels in the URL: the
 * failure's own text may quote what a provider claimed, and a link could forge it.
 */
export function accessDeniedLocation(status: number): string {
  return `${ACCESS_DENIED_PATH}?reason=${signInFailureReason(status)}`;
}

/**
 * Whether the request is a browser opening a page (its Accept names text/html), rather than a script
 * or a test that reads the status and the text.
 */
export function isBrowserNavigation(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) => {
    const [type = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    return type === 'text/html' && (quality === undefined || Number(quality.slice(2)) > 0);
  });
}
