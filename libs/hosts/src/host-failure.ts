import { ApplicationFailure } from '@temporalio/common';
import { HostRateLimitedError, HostRejectedError } from './host-errors';

/**
 * How an activity hands a provider's failure to Temporal: a rate limit is retried after the wait the
 * provider asked for (`HostRateLimited`), a refusal is not retried at all (`HostRejected`), anything
 * else (network, 5xx) is returned as it is, for the activity's usual retries.
 */
export function hostFailure(error: unknown): unknown {
  if (error instanceof HostRateLimitedError) {
    return ApplicationFailure.create({
      message: error.message,
      type: 'HostRateLimited',
      nextRetryDelay: error.retryAfterMs,
    });
  }
  if (error instanceof HostRejectedError) {
    return ApplicationFailure.create({
      message: error.message,
      type: 'HostRejected',
      nonRetryable: true,
      details: [{ status: error.status }],
    });
  }
  return error;
}
