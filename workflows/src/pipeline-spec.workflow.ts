import type { PipelineSpecInput, PipelineSpecSource, VcsActivities } from '@slipway/temporal';
import { TASK_QUEUES } from '@slipway/temporal';
import { proxyActivities } from '@temporalio/workflow';

/**
 * A person is waiting on the other end (the gateway gives up after ~20 s): a few quick tries; a ref the
 * repository does not have fails at once (the activity makes it non-retryable).
 */
const repository = proxyActivities<Pick<VcsActivities, 'pipelineSpec'>>({
  taskQueue: TASK_QUEUES.vcs,
  startToCloseTimeout: '15s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumAttempts: 3 },
});

/** Reads a project's pipeline spec at a ref through the vcs service, for the gateway, which reads no repository. */
export async function pipelineSpecWorkflow(input: PipelineSpecInput): Promise<PipelineSpecSource> {
  return repository.pipelineSpec(input.project, input.ref);
}
