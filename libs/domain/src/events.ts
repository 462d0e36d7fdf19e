/** What happens to a deployment, in the order it happens. The audit service appends these. */
export type DeploymentEventBody =
  | {
      type: 'DEPLOYMENT_QUEUED';
      project: string;
      environment: string;
      ref: string;
      actor: string;
    }
  | {
      type: 'DEPLOYMENT_STARTED';
      commitSha: string;
      commitMessage: string;
      steps: string[];
    }
  | { type: 'STEP_STARTED'; step: number }
  | { type: 'STEP_SUCCEEDED'; step: number; output: string }
  | { type: 'STEP_FAILED'; step: number; output: string; error: string }
  | { type: 'STEP_CANCELLED'; step: number; output: string }
  | { type: 'ROLLBACK_STARTED'; reason: string }
  | { type: 'STEP_ROLLBACK_STARTED'; step: number }
  | { type: 'STEP_ROLLED_BACK'; step: number; output: string }
  | { type: 'STEP_ROLLBACK_FAILED'; step: number; output: string; error: string }
  | { type: 'DEPLOYMENT_SUCCEEDED' }
  | { type: 'DEPLOYMENT_FAILED'; reason: string }
  | { type: 'DEPLOYMENT_ROLLED_BACK'; reason: string }
  /** Some compensation still failed after its retries: the environment needs a person. */
  | { type: 'DEPLOYMENT_ROLLBACK_FAILED'; reason: string }
  /** Someone cancelled it; whatever had been done was undone first. */
  | { type: 'DEPLOYMENT_CANCELLED'; reason: string };

export type DeploymentEventType = DeploymentEventBody['type'];

export interface DeploymentEventEnvelope {
  /** Unique per event, chosen by the workflow, so a retried append is recognised. */
  eventId: string;
  deploymentId: string;
  /** 1, 2, 3… within one deployment. */
  sequence: number;
  occurredAt: string;
  body: DeploymentEventBody;
}
