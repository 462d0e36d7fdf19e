import type { ReleaseDiff } from './release-diff';

/** What happens to a deployment, in the order it happens. The audit service appends these. */
export type DeploymentEventBody =
  | {
      type: 'DEPLOYMENT_QUEUED';
      project: string;
      environment: string;
      ref: string;
      actor: string;
      /** Why it exists: a person, a push, a promotion after another environment, or a rollback. */
      trigger: DeploymentTrigger;
    }
  /** The commit is known and its artifact built (or found already built): this is what will deploy. */
  | {
      type: 'ARTIFACT_READY';
      commitSha: string;
      commitMessage: string;
      artifactDigest: string;
      artifactSize: number;
      /** False when an earlier build of the commit was reused. */
      built: boolean;
      /** Who wrote the commit (absent in events recorded before it was carried). */
      commitAuthor?: string;
    }
  /** The commits between what runs in the environment and what will deploy (absent when git could not tell). */
  | ({ type: 'RELEASE_DIFF_READY' } & ReleaseDiff)
  | {
      type: 'APPROVAL_REQUESTED';
      roles: string[];
      approvers: number;
      expiresAt: string;
      /** Whether the person who asked may approve (absent in events recorded before it was carried). */
      allowSelfApproval?: boolean;
    }
  /** The environment requires green CI and the commit's is still running: the deployment waits. */
  | { type: 'CI_WAITING'; checks: string[] }
  | { type: 'CI_PASSED' }
  /** A check of the commit failed (or was cancelled): the deployment ends without running a step. */
  | { type: 'CI_FAILED'; check: string; url: string | null; reason: string }
  | { type: 'APPROVAL_GIVEN'; actor: string; comment: string; remaining: number }
  | { type: 'APPROVAL_REJECTED'; actor: string; comment: string }
  | { type: 'APPROVAL_EXPIRED'; reason: string }
  /** A newer deployment to the same environment took its place in the queue. */
  | { type: 'DEPLOYMENT_SUPERSEDED'; reason: string; by: string }
  /** A freeze window (or a pause that ends it) kept it from starting. */
  | { type: 'DEPLOYMENT_BLOCKED'; reason: string }
  /** Its turn in the environment did not come at once: another deployment holds the environment. */
  | { type: 'QUEUED_BEHIND'; behind: string }
  | { type: 'FREEZE_OVERRIDDEN'; actor: string; reason: string; freeze: string }
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

export type DeploymentTrigger =
  | { type: 'manual' }
  | { type: 'push'; ref: string }
  | { type: 'promotion'; after: string; deploymentId: string }
  /** Puts an earlier release back; the commit it replaces is marked bad for the environment. */
  | { type: 'rollback'; replacing: string | null };

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
