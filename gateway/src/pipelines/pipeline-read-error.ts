import { ActivityFailure, ApplicationFailure, TimeoutFailure, WorkflowFailedError } from '@temporalio/client';
import type { GraphQLError } from 'graphql';
import { apiError } from '../common/errors';

/** Failures whose message Slipway wrote itself (a host's refusal or rate limit): safe and useful to show. */
const TOLD_AS_IS = new Set(['HostRejected', 'HostRateLimited']);

/**
 * What a person is told when reading a project's pipeline through Temporal failed: a ref the repository
 * lacks is their input; anything else is Slipway's services (never a raw git or network message, which
 * may carry a repository URL's credentials).
 */
export function pipelineReadError(
  error: unknown,
  project: string,
  ref: string,
  timeoutS: number,
): GraphQLError {
  if (!(error instanceof WorkflowFailedError)) {
    return apiError('UNAVAILABLE', `could not reach Temporal: ${(error as Error).message}`);
  }
  if (error.cause instanceof TimeoutFailure) {
    return apiError(
      'UNAVAILABLE',
      `reading the pipeline of project ${project} took longer than ${timeoutS} s; are the runner and vcs services running?`,
    );
  }
  const cause = error.cause instanceof ActivityFailure ? error.cause.cause : error.cause;
  if (cause instanceof ApplicationFailure && cause.type === 'RefNotFound') {
    return apiError('BAD_USER_INPUT', `ref "${ref}" was not found in the repository of project ${project}`, {
      field: 'ref',
    });
  }
  if (cause instanceof ApplicationFailure && cause.type && TOLD_AS_IS.has(cause.type)) {
    return apiError('UNAVAILABLE', `could not read the repository of project ${project}: ${cause.message}`);
  }
  return apiError(
    'UNAVAILABLE',
    `could not read the repository of project ${project}; the vcs service's log says why`,
  );
}
