import type { DeploymentEventEnvelope } from '@slipway/domain';
import { logTail } from '@slipway/domain/rules';
import { deploymentNotificationsWorkflowId } from '@slipway/temporal';
import {
  CancellationScope,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  startChild,
} from '@temporalio/workflow';
import { deploymentEventsSignal, deploymentNotificationsWorkflow } from './deployment-notifications.workflow';

/**
 * The deployment's side of its notifications: starts the notifications workflow (which outlives the
 * deployment, to finish its last messages) and hands it each batch of events once stored, in order.
 * Nothing here is awaited by the steps; a notifications workflow that is gone (nobody to notify) is
 * simply no longer told.
 */
export class DeploymentNotifier {
  private chain: Promise<void>;
  private open = true;

  constructor(private readonly input: { deploymentId: string; project: string; environment: string }) {
    this.chain = CancellationScope.nonCancellable(() =>
      startChild(deploymentNotificationsWorkflow, {
        workflowId: deploymentNotificationsWorkflowId(input.deploymentId),
        args: [input],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }),
    ).then(
      () => undefined,
      () => {
        this.open = false;
      },
    );
  }

  tell(batch: DeploymentEventEnvelope[]): void {
    // Step output can be long; a message shows its tail only.
    const events = batch.map(withOutputTail);
    this.chain = this.chain.then(() =>
      this.open
        ? CancellationScope.nonCancellable(() =>
            getExternalWorkflowHandle(deploymentNotificationsWorkflowId(this.input.deploymentId)).signal(
              deploymentEventsSignal,
              events,
            ),
          ).catch(() => {
            this.open = false;
          })
        : undefined,
    );
  }

  /** Resolves once everything told so far has reached the notifications workflow (or it is gone). */
  settled(): Promise<void> {
    return this.chain;
  }
}

function withOutputTail(event: DeploymentEventEnvelope): DeploymentEventEnvelope {
  const { body } = event;
  return 'output' in body ? { ...event, body: { ...body, output: logTail(body.output) } } : event;
}
