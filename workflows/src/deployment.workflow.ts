import type { DeploymentEventBody, DeploymentEventEnvelope, DeploymentStatus } from '@slipway/domain';
import { COMPENSATION_RETRIES, compensationOf, stepLimits } from '@slipway/domain/steps';
import type {
  AuditActivities,
  Commit,
  DeployActivities,
  DeploymentInput,
  DeploymentOutcome,
  NotificationActivities,
  StepResult,
  StepRun,
  VcsActivities,
} from '@slipway/temporal';
import { DEPLOYMENT_RECORDED_UPDATE, TASK_QUEUES } from '@slipway/temporal';
import {
  ActivityCancellationType,
  CancellationScope,
  condition,
  defineUpdate,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  uuid4,
} from '@temporalio/workflow';

/** Completes once the deployment is in the log, so a caller can read it back at once. */
export const deploymentRecordedUpdate = defineUpdate<void>(DEPLOYMENT_RECORDED_UPDATE);

/** Until the audit service answers, the deployment waits: no event is ever skipped. */
const audit = proxyActivities<AuditActivities>({
  taskQueue: TASK_QUEUES.audit,
  startToCloseTimeout: '15s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '10s' },
});

const vcs = proxyActivities<VcsActivities>({
  taskQueue: TASK_QUEUES.vcs,
  startToCloseTimeout: '2m',
  retry: { initialInterval: '1s', maximumAttempts: 5 },
});

const notifications = proxyActivities<NotificationActivities>({
  taskQueue: TASK_QUEUES.notifications,
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumAttempts: 5 },
});

const planning = proxyActivities<Pick<DeployActivities, 'planEnvironment' | 'releaseWorkspace'>>({
  taskQueue: TASK_QUEUES.deploy,
  startToCloseTimeout: '2m',
  retry: { initialInterval: '1s', maximumAttempts: 5 },
});

/**
 * A step's own timeout is enforced by the activity; the heartbeat notices a runner that died, and the
 * step is then tried again on another runner.
 */
function stepActivities(timeoutMs: number, retries: number): DeployActivities {
  return proxyActivities<DeployActivities>({
    taskQueue: TASK_QUEUES.deploy,
    startToCloseTimeout: timeoutMs + 60_000,
    heartbeatTimeout: '5s',
    // On cancel, wait until the step's processes are really stopped before undoing anything.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumAttempts: retries + 3 },
  });
}

/** A wait is a durable timer in the workflow itself; every other step runs as an activity. */
async function runStep(run: StepRun): Promise<StepResult> {
  if (run.step.type === 'wait') {
    await sleep(run.step.duration);
    return { output: `waited ${run.step.duration / 1000}s` };
  }
  const { timeoutMs, retries } = stepLimits(run.step);
  return stepActivities(timeoutMs, retries).runStep(run);
}

interface Compensation {
  position: number;
  run: StepRun;
}

/**
 * The deployment's events, numbered in order and sent to the audit service in batches, one batch at a
 * time: what is added while a batch is in flight goes in the next one, so recording never falls behind
 * a fast pipeline. Sending is never cancelled: a cancelled deployment still records what happened.
 */
class DeploymentEventLog {
  private sequence = 0;
  private storedThrough = 0;
  private pending: DeploymentEventEnvelope[] = [];
  private sending = false;
  private failure: Error | null = null;

  constructor(private readonly deploymentId: string) {}

  add(body: DeploymentEventBody): void {
    this.sequence += 1;
    this.pending.push({
      eventId: uuid4(),
      deploymentId: this.deploymentId,
      sequence: this.sequence,
      occurredAt: new Date().toISOString(),
      body,
    });
  }

  /** Starts sending what is buffered, without waiting (a step runs meanwhile). */
  send(): void {
    if (this.sending || this.pending.length === 0) return;
    this.sending = true;
    void CancellationScope.nonCancellable(async () => {
      try {
        while (this.pending.length > 0) {
          const batch = this.pending;
          this.pending = [];
          await audit.recordDeploymentEvents(batch);
          this.storedThrough = batch[batch.length - 1]?.sequence ?? this.storedThrough;
        }
      } catch (error) {
        this.failure = error instanceof Error ? error : new Error(String(error));
      } finally {
        this.sending = false;
      }
    });
  }

  /** Resolves once every event added so far is stored; a cancel does not interrupt the wait. */
  async flush(): Promise<void> {
    const target = this.sequence;
    this.send();
    await CancellationScope.nonCancellable(() =>
      condition(() => this.storedThrough >= target || this.failure !== null),
    );
    if (this.failure !== null) throw this.failure;
  }

  async record(body: DeploymentEventBody): Promise<void> {
    this.add(body);
    await this.flush();
  }
}

export async function deploymentWorkflow(input: DeploymentInput): Promise<DeploymentOutcome> {
  let recorded = false;
  setHandler(deploymentRecordedUpdate, () => condition(() => recorded));
  const log = new DeploymentEventLog(input.deploymentId);

  const finish = async (status: DeploymentStatus, commit: Commit | null, reason: string | null) => {
    const outcome: DeploymentOutcome = {
      deploymentId: input.deploymentId,
      project: input.project.name,
      environment: input.environment,
      commit,
      status,
      reason,
    };
    await planning.releaseWorkspace(input.deploymentId).catch(() => undefined);
    // A notification channel that fails never fails the deployment.
    await notifications.notifyDeploymentFinished(outcome).catch(() => undefined);
    return outcome;
  };

  await log.record({
    type: 'DEPLOYMENT_QUEUED',
    project: input.project.name,
    environment: input.environment,
    ref: input.ref,
    actor: input.actor,
  });
  recorded = true;

  let commit: Commit;
  let plan: Awaited<ReturnType<DeployActivities['planEnvironment']>>;
  try {
    commit = await vcs.resolveCommit(input.project.repositoryUrl, input.ref);
    plan = await planning.planEnvironment(input.project, commit, input.environment);
  } catch (error) {
    if (isCancellation(error)) {
      const reason = 'cancelled before any step ran';
      await log.record({ type: 'DEPLOYMENT_CANCELLED', reason });
      return CancellationScope.nonCancellable(() => finish('CANCELLED', null, reason));
    }
    const reason = describeFailure(error);
    await log.record({ type: 'DEPLOYMENT_FAILED', reason });
    return CancellationScope.nonCancellable(() => finish('FAILED', null, reason));
  }

  log.add({
    type: 'DEPLOYMENT_STARTED',
    commitSha: commit.sha,
    commitMessage: commit.message,
    steps: plan.steps.map((step) => step.name),
  });

  const compensations: Compensation[] = [];
  let failure: string | null = null;
  let cancelled = false;
  for (const [position, step] of plan.steps.entries()) {
    if (CancellationScope.current().consideredCancelled) {
      cancelled = true;
      failure = `cancelled before ${step.name}`;
      break;
    }
    const run: StepRun = {
      deploymentId: input.deploymentId,
      project: input.project,
      environment: input.environment,
      commit,
      position,
      step,
      variables: plan.variables,
    };
    // The step starts while its STEP_STARTED (and the previous step's outcome) is being stored.
    log.add({ type: 'STEP_STARTED', step: position });
    log.send();
    try {
      const result = await runStep(run);
      log.add({ type: 'STEP_SUCCEEDED', step: position, output: result.output });
      if (compensationOf(step) !== null) compensations.unshift({ position, run });
    } catch (error) {
      const { output, message } = failureDetails(error);
      if (isCancellation(error)) {
        cancelled = true;
        failure = `cancelled during ${step.name}`;
        log.add({ type: 'STEP_CANCELLED', step: position, output });
      } else {
        failure = `${step.name} failed: ${message}`;
        log.add({ type: 'STEP_FAILED', step: position, output, error: message });
      }
      break;
    }
  }

  if (failure === null) {
    await log.record({ type: 'DEPLOYMENT_SUCCEEDED' });
    return finish('SUCCEEDED', commit, null);
  }
  const reason = failure;
  // Compensations run newest first and cannot be cancelled: a half-undone deployment is the worst state.
  return CancellationScope.nonCancellable(async () => {
    if (compensations.length === 0) {
      const status = cancelled ? 'CANCELLED' : 'FAILED';
      await log.record({ type: cancelled ? 'DEPLOYMENT_CANCELLED' : 'DEPLOYMENT_FAILED', reason });
      return finish(status, commit, reason);
    }
    log.add({ type: 'ROLLBACK_STARTED', reason });
    const failedRollbacks: string[] = [];
    for (const { position, run } of compensations) {
      log.add({ type: 'STEP_ROLLBACK_STARTED', step: position });
      log.send();
      try {
        const { timeoutMs } = stepLimits(run.step);
        const result = await stepActivities(timeoutMs, COMPENSATION_RETRIES).rollbackStep(run);
        log.add({ type: 'STEP_ROLLED_BACK', step: position, output: result.output });
      } catch (error) {
        failedRollbacks.push(run.step.name);
        const { output, message } = failureDetails(error);
        log.add({ type: 'STEP_ROLLBACK_FAILED', step: position, output, error: message });
      }
    }
    if (failedRollbacks.length > 0) {
      const finalReason = `${reason}; rollback of ${failedRollbacks.join(', ')} failed`;
      await log.record({ type: 'DEPLOYMENT_ROLLBACK_FAILED', reason: finalReason });
      return finish('ROLLBACK_FAILED', commit, finalReason);
    }
    if (cancelled) {
      await log.record({ type: 'DEPLOYMENT_CANCELLED', reason });
      return finish('CANCELLED', commit, reason);
    }
    await log.record({ type: 'DEPLOYMENT_ROLLED_BACK', reason });
    return finish('ROLLED_BACK', commit, reason);
  });
}

/** The innermost message of an activity failure: what the step itself reported. */
function describeFailure(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

function failureDetails(error: unknown): { output: string; message: string } {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  const details = (current as { details?: unknown[] } | null)?.details;
  const first = Array.isArray(details) ? (details[0] as { output?: unknown } | undefined) : undefined;
  return {
    output: typeof first?.output === 'string' ? first.output : '',
    message: describeFailure(error),
  };
}
