import { ActivityFailure, ApplicationFailure, TimeoutFailure, WorkflowFailedError } from '@temporalio/client';
import { pipelineReadError } from './pipeline-read-error';

/** How the workflow's failure reaches the gateway: the activity's failure inside the workflow's. */
const failedWith = (cause: Error): WorkflowFailedError =>
  new WorkflowFailedError(
    'Workflow execution failed',
    new ActivityFailure('Activity task failed', 'pipelineSpec', '1', 'NON_RETRYABLE_FAILURE', 'vcs', cause),
    'NON_RETRYABLE_FAILURE',
  );

describe('pipelineReadError', () => {
  it('names the ref the repository does not have, as bad input', () => {
    const error = pipelineReadError(
      failedWith(ApplicationFailure.nonRetryable('ref "nope" was not found in /srv/git/shop', 'RefNotFound')),
      'shop',
      'nope',
      20,
    );
    expect(error.message).toBe('ref "nope" was not found in the repository of project shop');
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'ref' });
  });

  it('says which services to look at when the read took too long', () => {
    const timedOut = new WorkflowFailedError(
      'Workflow execution timed out',
      new TimeoutFailure('Workflow execution timed out', undefined, 'START_TO_CLOSE'),
      'TIMEOUT',
    );
    const error = pipelineReadError(timedOut, 'shop', 'HEAD', 20);
    expect(error.message).toBe(
      'reading the pipeline of project shop took longer than 20 s; are the runner and vcs services running?',
    );
    expect(error.extensions).toEqual({ code: 'UNAVAILABLE' });
  });

  it("passes on a host's refusal, which Slipway worded itself", () => {
    const refused = ApplicationFailure.create({
      message: 'GitHub answered 403: Resource not accessible by integration',
      type: 'HostRejected',
      nonRetryable: true,
    });
    const error = pipelineReadError(failedWith(refused), 'shop', 'main', 20);
    expect(error.message).toBe(
      'could not read the repository of project shop: GitHub answered 403: Resource not accessible by integration',
    );
    expect(error.extensions).toEqual({ code: 'UNAVAILABLE' });
  });

  it("never passes on git's own words, which may hold a repository URL's credentials", () => {
    const git = ApplicationFailure.create({
      message: "fatal: could not read from 'https://bot:s3cret@git.example.com/shop.git'",
      type: 'Error',
    });
    const error = pipelineReadError(failedWith(git), 'shop', 'main', 20);
    expect(error.message).not.toContain('s3cret');
    expect(error.extensions).toEqual({ code: 'UNAVAILABLE' });
  });

  it('says Temporal could not be reached when the workflow never ran', () => {
    const error = pipelineReadError(new Error('14 UNAVAILABLE: connection refused'), 'shop', 'main', 20);
    expect(error.message).toBe('could not reach Temporal: 14 UNAVAILABLE: connection refused');
    expect(error.extensions).toEqual({ code: 'UNAVAILABLE' });
  });
});
