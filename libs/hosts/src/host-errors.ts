/** The provider asked us to wait: its rate limit was reached. Try again after `retryAfterMs`. */
export class HostRateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = 'HostRateLimitedError';
  }
}

/** The provider refused the request itself (4xx): asking again will not help. */
export class HostRejectedError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'HostRejectedError';
  }
}

/** When a provider says it is rate limiting but not until when, as GitHub's docs advise: wait a minute. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/**
 * How long to wait before asking again: `Retry-After` (seconds) first, else the epoch second at which the
 * quota resets, else a minute.
 */
export function rateLimitWait(
  retryAfter: string | undefined,
  resetAt: string | undefined,
  now: () => number,
): number {
  if (retryAfter !== undefined && /^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
  if (resetAt !== undefined && /^\d+$/.test(resetAt)) return Math.max(1000, Number(resetAt) * 1000 - now());
  return DEFAULT_RATE_LIMIT_WAIT_MS;
}
