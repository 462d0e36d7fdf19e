const MAX_LENGTH = 2000;

/**
 * Where to send the browser after it signs in (`?returnTo=`, carried through the provider): a path on
 * this site only. One leading '/' and no backslash or control character, because browsers read `//host`
 * and `/\host` as another site (an open redirect). Absent means the console's home; anything else is
 * null (refused).
 */
export function returnToPath(value: unknown): string | null {
  if (value === undefined) return '/';
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return null;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  return /^\/(?![/\\])[^\\\x00-\x20\x7f]*$/.test(value) ? value : null;
}

/** `?returnTo=` names no path on this site. */
export class ReturnToError extends Error {
  constructor() {
    super("returnTo must be a path on this site with one leading '/', such as /projects");
  }
}
