import type { StepLogBatch } from '@slipway/events';
import {
  COMPENSATION_RETRIES,
  compensationOf,
  formatSpecProblem,
  parsePipelineSpec,
  PIPELINE_SPEC_FILE,
  stepLimits,
} from '@slipway/domain';
import { GitFileNotFoundError, GitMirror, GitRefNotFoundError } from '@slipway/git';
import type {
  Commit,
  DeployActivities,
  EnvironmentPlan,
  ProjectRef,
  StepResult,
  StepRun,
} from '@slipway/temporal';
import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { callUrl, probeHealth } from './http';
import { runShell } from './shell';
import { StepLogBuffer } from './step-log-buffer';

export interface DeployActivityDeps {
  /** SLIPWAY_HOME: workspaces, repository mirrors and local release targets live under it. */
  home: string;
  /** Where the lines a step prints go while it runs (the runner: PostgreSQL, for the console). */
  appendStepLogs: (batch: StepLogBatch) => Promise<void>;
}

/** Variables of the runner's own environment a step may see; nothing else (no secrets) leaks in. */
const INHERITED_VARIABLES = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'USER'];

export function createDeployActivities({ home, appendStepLogs }: DeployActivityDeps): DeployActivities {
  const mirrorsDir = join(home, 'git');
  const workspaceOf = (deploymentId: string): string => join(home, 'workspaces', deploymentId);
  const targetOf = (run: StepRun): string => join(home, 'targets', run.project.name, run.environment);

  async function planEnvironment(
    project: ProjectRef,
    commit: Commit,
    environment: string,
  ): Promise<EnvironmentPlan> {
    const mirror = new GitMirror(project.repositoryUrl, mirrorsDir);
    let text: string;
    try {
      text = await mirror.readFile(commit.sha, PIPELINE_SPEC_FILE);
    } catch (error) {
      if (error instanceof GitFileNotFoundError || error instanceof GitRefNotFoundError) {
        throw ApplicationFailure.nonRetryable(error.message, 'PipelineSpecMissing');
      }
      throw error;
    }
    const parsed = parsePipelineSpec(text);
    if (!parsed.ok) {
      throw ApplicationFailure.nonRetryable(
        `${PIPELINE_SPEC_FILE} at ${commit.sha.slice(0, 12)} is invalid:\n${parsed.problems.map(formatSpecProblem).join('\n')}`,
        'InvalidPipelineSpec',
      );
    }
    const found = parsed.spec.environments.find((candidate) => candidate.name === environment);
    if (!found) {
      const known = parsed.spec.environments.map((candidate) => candidate.name).join(', ');
      throw ApplicationFailure.nonRetryable(
        `environment "${environment}" is not in ${PIPELINE_SPEC_FILE} (it has: ${known})`,
        'UnknownEnvironment',
      );
    }
    return { variables: found.variables, steps: found.steps };
  }

  async function execute(
    run: StepRun,
    command: string,
    retries: number,
    timeoutMs: number,
    rollback: boolean,
  ): Promise<StepResult> {
    const context = Context.current();
    const workspace = workspaceOf(run.deploymentId);
    const target = targetOf(run);
    // A runner that picks the step up after another one died finds or makes the same checkout.
    await new GitMirror(run.project.repositoryUrl, mirrorsDir).export(run.commit.sha, workspace);
    await mkdir(target, { recursive: true });
    const env: Record<string, string> = {};
    for (const name of INHERITED_VARIABLES) {
      const value = process.env[name];
      if (value !== undefined) env[name] = value;
    }
    Object.assign(env, run.variables, {
      SLIPWAY_PROJECT: run.project.name,
      SLIPWAY_ENVIRONMENT: run.environment,
      SLIPWAY_DEPLOYMENT_ID: run.deploymentId,
      SLIPWAY_VERSION: run.commit.sha,
      SLIPWAY_STEP: run.step.name,
      SLIPWAY_WORKSPACE: workspace,
      SLIPWAY_TARGET_DIR: target,
    });
    const logs = new StepLogBuffer(
      (lines) =>
        appendStepLogs({
          deploymentId: run.deploymentId,
          step: run.position,
          attempt: context.info.attempt,
          rollback,
          lines,
        }),
      (error) => {
        context.log.warn('could not store step output', { error: String(error) });
      },
    );
    const result = await runShell({
      command,
      cwd: workspace,
      env,
      timeoutMs,
      signal: context.cancellationSignal,
      onTick: () => context.heartbeat(),
      onOutput: (text) => logs.write(text),
    }).finally(() => logs.close());
    if (result.exitCode === 0) return { output: result.output };
    const details = [{ output: result.output }];
    // Reported as a cancellation, not a failure: the workflow then undoes the completed steps.
    if (result.cancelled) throw new CancelledFailure(`"${command}" was cancelled`, details);
    const why = result.timedOut
      ? `timed out after ${Math.round(timeoutMs / 1000)}s`
      : result.exitCode === null
        ? `was killed by ${result.signal ?? 'a signal'}`
        : `exited with code ${result.exitCode}`;
    const message = `"${command}" ${why}`;
    if (context.info.attempt <= retries) {
      throw ApplicationFailure.retryable(message, 'StepFailed', ...details);
    }
    throw ApplicationFailure.nonRetryable(message, 'StepFailed', ...details);
  }

  return {
    planEnvironment,
    runStep: (run) => {
      const { step } = run;
      switch (step.type) {
        case 'shell':
          return execute(run, step.run, step.retries, step.timeout, false);
        case 'http':
          return callUrl(step);
        case 'health':
          return probeHealth(step);
        case 'wait':
          throw ApplicationFailure.nonRetryable('a wait step is a timer in the workflow, not an activity');
      }
    },
    rollbackStep: (run) => {
      const rollback = compensationOf(run.step);
      if (rollback === null) return Promise.resolve({ output: '' });
      // The workflow allows a compensation a few attempts: undoing must not give up at the first error.
      return execute(run, rollback, COMPENSATION_RETRIES, stepLimits(run.step).timeoutMs, true);
    },
    releaseWorkspace: async (deploymentId) => {
      await rm(workspaceOf(deploymentId), { recursive: true, force: true });
    },
  };
}
