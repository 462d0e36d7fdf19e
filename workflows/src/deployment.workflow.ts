import type {
  DeploymentEventBody,
  DeploymentEventEnvelope,
  DeploymentStatus,
  ReleaseDiff,
} from '@slipway/domain';
import { activeFreeze, COMPENSATION_RETRIES, hasCompensation, stepLimits } from '@slipway/domain/rules';
import type {
  ApprovalDecision,
  Artifact,
  Commit,
  DeploymentInput,
  DeploymentOutcome,
  EnvironmentPlan,
  StepResult,
  StepRun,
} from '@slipway/temporal';
import {
  DEPLOYMENT_MESSAGES,
  DEPLOYMENT_RECORDED_UPDATE,
  ENVIRONMENT_GATE_ID,
  RELEASE_MESSAGES,
} from '@slipway/temporal';
import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  defineSignal,
  defineUpdate,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  setHandler,
  sleep,
  workflowInfo,
  uuid4,
} from '@temporalio/workflow';
import {
  audit,
  builds,
  notifications,
  planning,
  releaseDiffs,
  runningRelease,
  stepActivities,
  vcs,
} from './activity-proxies';
import { waitForGreenCi } from './ci-gate';
import { DeploymentReports, reportStateOf } from './deployment-reports';
import { describeFailure, formatDuration } from './describe';
import {
  deploymentSupersededSignal,
  environmentGrantedSignal,
  leaveEnvironmentSignal,
  queuedBehindSignal,
} from './environment-gate.workflow';
import { DeploymentNotifier } from './deployment-notifier';
import { repositoryOf } from './repository';

/** How a deployment ended, told to the release that started it (see RELEASE_MESSAGES). */
export const deploymentEndedSignal = defineSignal<[DeploymentOutcome]>(RELEASE_MESSAGES.deploymentEnded);

/** Completes once the deployment is in the log, so a caller can read it back at once. */
export const deploymentRecordedUpdate = defineUpdate<void>(DEPLOYMENT_RECORDED_UPDATE);

/** Approves a deployment waiting for approval; answers with how many approvals are still needed. */
export const approveUpdate = defineUpdate<number, [ApprovalDecision]>(DEPLOYMENT_MESSAGES.approve);
export const rejectUpdate = defineUpdate<void, [ApprovalDecision]>(DEPLOYMENT_MESSAGES.reject);

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

  constructor(
    private readonly deploymentId: string,
    private readonly notifier: DeploymentNotifier | null,
  ) {}

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
          // Only what is in the log is told: a notification never speaks of an event that may be retried.
          this.notifier?.tell(batch);
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

/** How a deployment ended before its steps ran: the event that says so, and the status it leaves. */
type EndedEarly = { status: DeploymentStatus; event: DeploymentEventBody | null; reason: string };

interface Prepared {
  commit: Commit;
  artifact: Artifact;
  plan: EnvironmentPlan;
}

export async function deploymentWorkflow(input: DeploymentInput): Promise<DeploymentOutcome> {
  let recorded = false;
  setHandler(deploymentRecordedUpdate, () => condition(() => recorded));
  // Deployments started before the notifications workflow tell the service their outcome at the end instead.
  const notifier = patched('notifications')
    ? new DeploymentNotifier({
        deploymentId: input.deploymentId,
        project: input.project.name,
        environment: input.environment,
      })
    : null;
  const log = new DeploymentEventLog(input.deploymentId, notifier);
  const reports = new DeploymentReports(input);
  const approval = new ApprovalGate(input, log);
  let granted = false;
  let supersededBy: string | null = null;
  setHandler(environmentGrantedSignal, () => {
    granted = true;
  });
  setHandler(deploymentSupersededSignal, ({ by }) => {
    supersededBy = by;
  });
  setHandler(queuedBehindSignal, ({ behind }) => {
    if (granted || supersededBy !== null) return;
    log.add({ type: 'QUEUED_BEHIND', behind });
    log.send();
  });
  let queued = false;
  let commit: Commit | null = input.commit ?? null;
  let artifact: Artifact | null = input.artifact ?? null;

  const finish = async (status: DeploymentStatus, reason: string | null): Promise<DeploymentOutcome> => {
    // The next deployment to this environment may start while this one tidies up.
    if (queued) {
      await getExternalWorkflowHandle(ENVIRONMENT_GATE_ID)
        .signal(leaveEnvironmentSignal, { deploymentId: input.deploymentId })
        .catch(() => undefined);
    }
    const outcome: DeploymentOutcome = {
      deploymentId: input.deploymentId,
      project: input.project.name,
      environment: input.environment,
      commit,
      artifact,
      status,
      reason,
    };
    if (commit !== null) {
      reports.report(commit.sha, reportStateOf(status), reason ?? `Deployed to ${input.environment}`);
    }
    // The release promotes on this, not on the workflow's end, which waits for the reports below.
    const release = workflowInfo().parent;
    if (release !== undefined && patched('outcome-to-release')) {
      await getExternalWorkflowHandle(release.workflowId, release.runId)
        .signal(deploymentEndedSignal, outcome)
        .catch(() => undefined);
    }
    await planning.releaseWorkspace(input.deploymentId).catch(() => undefined);
    if (notifier) await notifier.settled();
    // A notification channel that fails never fails the deployment.
    else await notifications.notifyDeploymentFinished(outcome).catch(() => undefined);
    await reports.settled();
    // An approval that arrived at the last moment is answered before the workflow ends.
    await condition(allHandlersFinished);
    return outcome;
  };

  await log.record({
    type: 'DEPLOYMENT_QUEUED',
    project: input.project.name,
    environment: input.environment,
    ref: input.ref,
    actor: input.actor,
    trigger: input.trigger,
  });
  recorded = true;

  /** Everything before the first step: the artifact, approval, the environment's turn, freezes. */
  const prepare = async (): Promise<Prepared | EndedEarly> => {
    commit ??= await vcs.resolveCommit(repositoryOf(input.project), input.ref);
    reports.report(commit.sha, 'queued', `Queued for ${input.environment}`);
    let built = false;
    if (artifact === null) {
      const building = commit;
      ({ artifact, built } = await reports.build(building.sha, () =>
        builds.buildArtifact(input.project, building, input.deploymentId),
      ));
    }
    log.add({
      type: 'ARTIFACT_READY',
      commitSha: commit.sha,
      commitMessage: commit.message,
      artifactDigest: artifact.digest,
      artifactSize: artifact.size,
      built,
      commitAuthor: commit.author,
    });
    // Deployments started before release diffs existed replay without one.
    if (patched('release-diff')) {
      // Computed before the approval wait, so approvers see what they let through.
      const diff = await diffRelease(input, commit.sha);
      if (diff !== null) log.add({ type: 'RELEASE_DIFF_READY', ...diff });
    }
    const plan = await planning.planEnvironment(input.project, commit, input.environment);
    reports.visitAt(plan.url);
    // Before approval: nobody is asked to approve a red commit.
    if (plan.ci?.required === true && patched('ci-gate')) {
      const ended = await waitForGreenCi(input, commit.sha, plan.ci, log);
      if (ended) return ended;
    }
    if (plan.approval !== null) {
      const ended = await approval.wait(plan.approval);
      if (ended) return ended;
    }
    queued = true;
    // What will deploy is shown while the deployment waits for its turn.
    log.send();
    await planning.enterEnvironmentQueue({
      deploymentId: input.deploymentId,
      project: input.project.name,
      environment: input.environment,
      concurrency: plan.concurrency,
    });
    await condition(() => granted || supersededBy !== null);
    if (supersededBy !== null) {
      const reason = `superseded by the newer deployment ${supersededBy}`;
      return {
        status: 'SUPERSEDED',
        event: { type: 'DEPLOYMENT_SUPERSEDED', reason, by: supersededBy },
        reason,
      };
    }
    // Checked when the environment is ours, right before anything runs: waiting may have crossed a window.
    const freeze = activeFreeze(plan.freeze, new Date());
    if (freeze !== null) {
      if (input.freezeOverride === undefined) {
        const reason = `${input.environment} is frozen (${freeze.name}) until ${freeze.endsAt.toISOString()}; deploy with a freeze override and a reason to go ahead`;
        return { status: 'BLOCKED', event: { type: 'DEPLOYMENT_BLOCKED', reason }, reason };
      }
      log.add({
        type: 'FREEZE_OVERRIDDEN',
        actor: input.actor,
        reason: input.freezeOverride,
        freeze: freeze.name,
      });
    }
    return { commit, artifact, plan };
  };

  let prepared: Prepared;
  try {
    const result = await prepare();
    if (!('plan' in result)) {
      if (result.event) await log.record(result.event);
      return await CancellationScope.nonCancellable(() => finish(result.status, result.reason));
    }
    prepared = result;
  } catch (error) {
    const cancelled = isCancellation(error);
    const reason = cancelled ? 'cancelled before any step ran' : describeFailure(error);
    await log.record(
      cancelled ? { type: 'DEPLOYMENT_CANCELLED', reason } : { type: 'DEPLOYMENT_FAILED', reason },
    );
    return CancellationScope.nonCancellable(() => finish(cancelled ? 'CANCELLED' : 'FAILED', reason));
  }
  const { plan } = prepared;
  reports.report(prepared.commit.sha, 'in_progress', `Deploying to ${input.environment}`);

  log.add({
    type: 'DEPLOYMENT_STARTED',
    commitSha: prepared.commit.sha,
    commitMessage: prepared.commit.message,
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
      commit: prepared.commit,
      artifact: prepared.artifact,
      position,
      step,
      variables: plan.variables,
      secrets: plan.secrets,
    };
    // The step starts while its STEP_STARTED (and the previous step's outcome) is being stored.
    log.add({ type: 'STEP_STARTED', step: position });
    log.send();
    try {
      const result = await runStep(run);
      log.add({ type: 'STEP_SUCCEEDED', step: position, output: result.output });
      if (hasCompensation(step)) compensations.unshift({ position, run });
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
    return finish('SUCCEEDED', null);
  }
  const reason = failure;
  // Compensations run newest first and cannot be cancelled: a half-undone deployment is the worst state.
  return CancellationScope.nonCancellable(async () => {
    if (compensations.length === 0) {
      const status = cancelled ? 'CANCELLED' : 'FAILED';
      await log.record({ type: cancelled ? 'DEPLOYMENT_CANCELLED' : 'DEPLOYMENT_FAILED', reason });
      return finish(status, reason);
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
      return finish('ROLLBACK_FAILED', finalReason);
    }
    if (cancelled) {
      await log.record({ type: 'DEPLOYMENT_CANCELLED', reason });
      return finish('CANCELLED', reason);
    }
    await log.record({ type: 'DEPLOYMENT_ROLLED_BACK', reason });
    return finish('ROLLED_BACK', reason);
  });
}

/**
 * The people who must approve before the steps run. `approve` and `reject` are Updates: the validator
 * refuses, before anything is recorded, whoever lacks the role, approves twice, or asked for the
 * deployment themselves (unless the spec allows it).
 */
class ApprovalGate {
  private spec: NonNullable<EnvironmentPlan['approval']> | null = null;
  private readonly approvers = new Set<string>();
  private rejecting = false;
  /** Who refused and why, once the refusal is recorded. */
  private rejection: string | null = null;

  constructor(
    private readonly input: DeploymentInput,
    private readonly log: DeploymentEventLog,
  ) {
    setHandler(approveUpdate, (decision: ApprovalDecision) => this.approve(decision), {
      validator: (decision: ApprovalDecision) => {
        this.check(decision);
        if (this.approvers.has(decision.actor.name)) {
          throw refusal('CONFLICT', `${decision.actor.name} has already approved this deployment`);
        }
        if (!this.spec?.allowSelfApproval && decision.actor.name === this.input.actor) {
          throw refusal(
            'FORBIDDEN',
            `${decision.actor.name} asked for this deployment and may not approve it`,
          );
        }
      },
    });
    setHandler(rejectUpdate, (decision: ApprovalDecision) => this.reject(decision), {
      validator: (decision: ApprovalDecision) => this.check(decision),
    });
  }

  private get remaining(): number {
    return Math.max(0, (this.spec?.approvers ?? 0) - this.approvers.size);
  }

  private check({ actor }: ApprovalDecision): void {
    if (this.spec === null || this.rejecting || this.remaining === 0) {
      throw refusal('CONFLICT', 'this deployment is not waiting for approval');
    }
    // As everywhere in Slipway, admin may do anything.
    if (!actor.roles.some((role) => role === 'admin' || this.spec?.roles.includes(role))) {
      throw refusal(
        'FORBIDDEN',
        `${actor.name} may not decide on this deployment: it needs the role ${this.spec.roles.join(' or ')}`,
      );
    }
  }

  private async approve({ actor, comment }: ApprovalDecision): Promise<number> {
    this.approvers.add(actor.name);
    const remaining = this.remaining;
    await this.log.record({ type: 'APPROVAL_GIVEN', actor: actor.name, comment, remaining });
    return remaining;
  }

  private async reject({ actor, comment }: ApprovalDecision): Promise<void> {
    this.rejecting = true;
    await this.log.record({ type: 'APPROVAL_REJECTED', actor: actor.name, comment });
    this.rejection = `rejected by ${actor.name}${comment ? `: ${comment}` : ''}`;
  }

  /** Asks for approval and waits; what ended the deployment instead, or null once approved. */
  async wait(spec: NonNullable<EnvironmentPlan['approval']>): Promise<EndedEarly | null> {
    // Approvals are accepted from the moment the request can be seen.
    this.spec = spec;
    this.log.add({
      type: 'APPROVAL_REQUESTED',
      roles: spec.roles,
      approvers: spec.approvers,
      expiresAt: new Date(Date.now() + spec.timeout).toISOString(),
      allowSelfApproval: spec.allowSelfApproval,
    });
    await this.log.flush();
    const decided = await condition(() => this.rejection !== null || this.remaining === 0, spec.timeout);
    // The rejection's own event was recorded by the Update that carried it.
    if (this.rejection !== null) return { status: 'REJECTED', event: null, reason: this.rejection };
    if (decided) return null;
    const reason = `not approved within ${formatDuration(spec.timeout)}`;
    this.spec = null;
    return { status: 'EXPIRED', event: { type: 'APPROVAL_EXPIRED', reason }, reason };
  }
}

/**
 * The commits between what runs in the environment now and what this deployment brings; null when
 * the audit log or git cannot tell, and the deployment goes on without a diff (it never fails one).
 */
async function diffRelease(input: DeploymentInput, to: string): Promise<ReleaseDiff | null> {
  try {
    const from = await runningRelease.currentRelease(input.project.name, input.environment);
    return await releaseDiffs.releaseDiff(repositoryOf(input.project), from, to);
  } catch (error) {
    if (isCancellation(error)) throw error;
    return null;
  }
}

/** A refused approval or rejection; the type is the API error code the gateway answers with. */
function refusal(code: 'FORBIDDEN' | 'CONFLICT', message: string): ApplicationFailure {
  return ApplicationFailure.create({ message, type: code, nonRetryable: true });
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
