import { GitFileNotFoundError, GitRefNotFoundError } from '@slipway/git';
import { ApplicationFailure } from '@temporalio/common';
import { hostFailure } from './host-failure';

/**
 * How an activity hands a failure to read a repository to Temporal: what is not there does not come
 * back on a retry; a provider's rate limit or refusal is treated as hostFailure says; anything else
 * (network, 5xx, git) is retried as usual.
 */
export function repositoryFailure(error: unknown): unknown {
  if (error instanceof GitRefNotFoundError)
    return ApplicationFailure.nonRetryable(error.message, 'RefNotFound');
  if (error instanceof GitFileNotFoundError)
    return ApplicationFailure.nonRetryable(error.message, 'FileNotFound');
  return hostFailure(error);
}
