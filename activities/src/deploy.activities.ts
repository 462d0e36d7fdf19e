import type { StepLogBatch } from '@slipway/events';
import {
  COMPENSATION_RETRIES,
  formatSpecProblem,
  parsePipelineSpec,
  PIPELINE_SPEC_FILE,
  type PipelineSpec,
  type ReleaseStepSpec,
  type SshStepSpec,
} from '@slipway/domain';
import { GitFileNotFoundError, GitRefNotFoundError, type RepositorySources } from '@slipway/git';
import { repositoryFailure } from '@slipway/hosts';
import type {
  BuildResult,
  Commit,
  DeployActivities,
  EnvironmentPlan,
  ProjectRef,
  ReleaseEnvironment,
  StepResult,
  StepRun,
} from '@slipway/temporal';
import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactStore } from './artifact-store';
import { BuildError, buildArtifact } from './build';
import { pathExists } from './files';
import { callUrl, probeHealth } from './http';
import { deployRelease, ReleaseError, undoRelease } from './release-step';
import { maskSecrets, resolveSecrets, type SecretStore } from './secrets';
import { describeExit, runShell } from './shell';
import { rollbackSshStep, runSshStep } from './ssh';
import { StepLogBuffer } from './step-log-buffer';

export interface DeployActivityDeps {
  /** SLIPWAY_HOME: workspaces and local release targets live under it. */
  home: string;
  /** Where a project's repository is read (its spec, the checkout of builds and steps): its host's API, or git. */
  repositories: RepositorySources;
  /** Where the lines a step prints go while it runs (the runner: PostgreSQL, for the console). */
  appendStepLogs: (batch: StepLogBatch) => Promise<void>;
  /** Where builds are kept, once per commit (a folder under SLIPWAY_HOME by default). */
  artifacts: ArtifactStore;
  /** Where the secrets the spec names are read. */
  secretStore: SecretStore;
}

/** Variables of the runner's own environment a step and a build may see (no secrets). */
const INHERITED_VARIABLES = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'USER'];

export function createDeployActivities({
  home,
  repositories,
  appendStepLogs,
  artifacts,
  secretStore,
}: DeployActivityDeps): DeployActivities {
  const workspaceOf = (deploymentId: string): string => join(home, 'workspaces', deploymentId);
  const targetOf = (run: StepRun): string => join(home, 'targets', run.project.name, run.environment);

  /** The spec at the commit, checked; a missing or invalid one fails the deployment, not a retry. */
  async function readSpec(project: ProjectRef, commit: Commit): Promise<PipelineSpec> {
    const file = specFileOf(project);
    let text: string;
    try {
      text = await repositories(project).readFile(commit.sha, file);
    } catch (error) {
      if (error instanceof GitFileNotFoundError || error instanceof GitRefNotFoundError) {
        throw ApplicationFailure.nonRetryable(error.message, 'PipelineSpecMissing');
      }
      throw repositoryFailure(error);
    }
    const parsed = parsePipelineSpec(text, file);
    if (!parsed.ok) {
      throw ApplicationFailure.nonRetryable(
        `${file} at ${commit.sha.slice(0, 12)} is invalid:\n${parsed.problems.map(formatSpecProblem).join('\n')}`,
        'InvalidPipelineSpec',
      );
    }
    return parsed.spec;
  }

  /** A clean copy of the commit's tree at `dir` (kept when one is there already). */
  async function checkout(project: ProjectRef, commit: Commit, dir: string): Promise<void> {
    try {
      await repositories(project).checkout(commit.sha, dir);
    } catch (error) {
      throw repositoryFailure(error);
    }
  }

  async function planEnvironment(
    project: ProjectRef,
    commit: Commit,
    environment: string,
  ): Promise<EnvironmentPlan> {
    const spec = await readSpec(project, commit);
    const found = spec.environments.find((candidate) => candidate.name === environment);
    if (!found) {
      const known = spec.environments.map((candidate) => candidate.name).join(', ');
      throw ApplicationFailure.nonRetryable(
        `environment "${environment}" is not in ${specFileOf(project)} (it has: ${known})`,
        'UnknownEnvironment',
      );
    }
    return {
      variables: found.variables,
      secrets: found.secrets,
      steps: found.steps,
      approval: found.approval ?? null,
      ...(found.ci === undefined ? {} : { ci: found.ci }),
      freeze: found.freeze,
      concurrency: found.concurrency,
      ...(found.url === undefined ? {} : { url: found.url }),
    };
  }

  async function planRelease(project: ProjectRef, commit: Commit): Promise<ReleaseEnvironment[]> {
    const spec = await readSpec(project, commit);
    return spec.environments.map(({ name, auto, after }) => ({
      name,
      ...(auto === undefined ? {} : { auto }),
      ...(after === undefined ? {} : { after }),
    }));
  }

  /**
   * What every step that runs commands needs: the commit's checkout, the artifact beside it, the
   * environment (variables, resolved secrets, SLIPWAY_*), and its output streamed to the console with
   * every secret value masked.
   */
  async function openStep(run: StepRun, rollback: boolean): Promise<StepSession> {
    const workspace = workspaceOf(run.deploymentId);
    const target = targetOf(run);
    const artifactFile = `${workspace}.artifact.tar.gz`;
    // A runner that picks the step up after another one died finds or makes the same checkout and copy
    // of the artifact (side by side, at once: the first step should not wait for one after the other).
    await Promise.all([
      checkout(run.project, run.commit, workspace),
      pathExists(artifactFile).then((present) =>
        present ? undefined : artifacts.fetch(run.artifact, artifactFile),
      ),
      mkdir(target, { recursive: true }),
    ]);
    const secrets = await resolveSecrets(secretStore, run.secrets);
    const env = {
      ...inheritedEnvironment(),
      ...run.variables,
      ...secrets,
      SLIPWAY_PROJECT: run.project.name,
      SLIPWAY_ENVIRONMENT: run.environment,
      SLIPWAY_DEPLOYMENT_ID: run.deploymentId,
      SLIPWAY_VERSION: run.commit.sha,
      SLIPWAY_ARTIFACT: artifactFile,
      SLIPWAY_ARTIFACT_DIGEST: run.artifact.digest,
      SLIPWAY_STEP: run.step.name,
      SLIPWAY_WORKSPACE: workspace,
      SLIPWAY_TARGET_DIR: target,
    };
    const output = streamOutput(run.deploymentId, run.position, rollback, Object.values(secrets));
    return { env, workspace, target, ...output };
  }

  /** Output of a step (or the build, position -1) to the console, secrets masked; close() flushes it. */
  function streamOutput(
    deploymentId: string,
    step: number,
    rollback: boolean,
    secretValues: string[],
  ): Pick<StepSession, 'context' | 'onOutput' | 'onTick' | 'mask' | 'close'> {
    const context = Context.current();
    const mask = (text: string) => maskSecrets(text, secretValues);
    const logs = new StepLogBuffer(
      (lines) =>
        appendStepLogs({
          deploymentId,
          step,
          attempt: context.info.attempt,
          rollback,
          lines: lines.map((line) => ({ ...line, line: mask(line.line) })),
        }),
      (error) => {
        context.log.warn('could not store step output', { error: String(error) });
      },
    );
    return {
      context,
      mask,
      onOutput: (text) => logs.write(text),
      onTick: () => context.heartbeat(),
      close: () => logs.close(),
    };
  }

  /** Runs one piece of a step's work and turns how it ended into what the workflow understands. */
  async function settle(
    session: StepSession,
    retries: number,
    work: () => Promise<
      { ok: true; output: string } | { ok: false; cancelled: boolean; message: string; output: string }
    >,
  ): Promise<StepResult> {
    const result = await work().finally(() => session.close());
    const output = session.mask(result.output);
    if (result.ok) return { output };
    const message = session.mask(result.message);
    const details = [{ output }];
    // Reported as a cancellation, not a failure: the workflow then undoes the completed steps.
    if (result.cancelled) throw new CancelledFailure(message, details);
    if (session.context.info.attempt <= retries) {
      throw ApplicationFailure.retryable(message, 'StepFailed', ...details);
    }
    throw ApplicationFailure.nonRetryable(message, 'StepFailed', ...details);
  }

  async function shell(run: StepRun, command: string, retries: number, timeoutMs: number, rollback: boolean) {
    const session = await openStep(run, rollback);
    return settle(session, retries, async () => {
      const result = await runShell({
        command,
        cwd: session.workspace,
        env: session.env,
        timeoutMs,
        signal: session.context.cancellationSignal,
        onTick: session.onTick,
        onOutput: session.onOutput,
      });
      return result.exitCode === 0
        ? { ok: true, output: result.output }
        : {
            ok: false,
            cancelled: result.cancelled,
            message: `"${command}" ${describeExit(result, timeoutMs)}`,
            output: result.output,
          };
    });
  }

  /** The `release` step; a start that fails switches back at once, so the step undoes itself. */
  async function release(run: StepRun & { step: ReleaseStepSpec }, undo: boolean): Promise<StepResult> {
    const session = await openStep(run, undo);
    const request = {
      step: run.step,
      targetDir: session.target,
      releaseId: run.deploymentId,
      env: session.env,
      signal: session.context.cancellationSignal,
      onTick: session.onTick,
      onOutput: session.onOutput,
    };
    const retries = undo ? COMPENSATION_RETRIES : 0;
    return settle(session, retries, async () => {
      try {
        const summary = undo
          ? await undoRelease(request)
          : await deployRelease({ ...request, artifact: run.artifact, store: artifacts });
        return { ok: true, output: summary };
      } catch (error) {
        if (!(error instanceof ReleaseError)) throw error;
        const cancelled = error.code === 'Cancelled';
        let message = error.message;
        if (!undo && !cancelled)
          message += `; ${await undoRelease(request).catch((undoError: unknown) => `switching back failed too: ${String(undoError)}`)}`;
        return { ok: false, cancelled, message, output: error.output };
      }
    });
  }

  /** The `ssh` step: rolling over the hosts, or its rollback on all of them. */
  async function ssh(run: StepRun & { step: SshStepSpec }, undo: boolean): Promise<StepResult> {
    const session = await openStep(run, undo);
    const identity = run.step.identity;
    const identityFile = identity === undefined ? null : `${session.workspace}.ssh-identity`;
    return settle(session, undo ? COMPENSATION_RETRIES : 0, async () => {
      try {
        if (identity !== undefined && identityFile !== null) {
          const [key] = Object.values(await resolveSecrets(secretStore, { SSH_IDENTITY: identity }));
          await writeFile(identityFile, `${(key ?? '').trimEnd()}\n`, { mode: 0o600 });
        }
        const options = {
          step: run.step,
          env: session.env,
          identityFile,
          knownHostsFile: join(home, 'ssh', 'known_hosts'),
          signal: session.context.cancellationSignal,
          onTick: session.onTick,
          onOutput: session.onOutput,
        };
        const result = undo ? await rollbackSshStep(options) : await runSshStep(options);
        return result.ok
          ? { ok: true, output: result.output }
          : {
              ok: false,
              cancelled: result.cancelled,
              message: result.failure ?? 'cancelled',
              output: result.output,
            };
      } finally {
        if (identityFile !== null) await rm(identityFile, { force: true });
      }
    });
  }

  async function build(project: ProjectRef, commit: Commit, deploymentId: string): Promise<BuildResult> {
    const spec = await readSpec(project, commit);
    const session = streamOutput(deploymentId, BUILD_LOG_POSITION, false, []);
    try {
      return await buildArtifact({
        project: project.name,
        commit,
        build: spec.build,
        workDir: join(home, 'builds', deploymentId),
        checkout: (dir) => checkout(project, commit, dir),
        store: artifacts,
        env: {
          ...inheritedEnvironment(),
          SLIPWAY_PROJECT: project.name,
          SLIPWAY_VERSION: commit.sha,
          SLIPWAY_DEPLOYMENT_ID: deploymentId,
        },
        signal: session.context.cancellationSignal,
        onTick: session.onTick,
        onOutput: session.onOutput,
      });
    } catch (error) {
      if (!(error instanceof BuildError)) throw error;
      const details = [{ output: error.output }];
      if (error.code === 'BuildCancelled') throw new CancelledFailure(error.message, details);
      throw ApplicationFailure.nonRetryable(`the build failed: ${error.message}`, error.code, ...details);
    } finally {
      await session.close();
      await rm(join(home, 'builds', deploymentId), { recursive: true, force: true });
    }
  }

  return {
    planEnvironment,
    planRelease,
    buildArtifact: build,
    runStep: (run) => {
      const { step } = run;
      switch (step.type) {
        case 'shell':
          return shell(run, step.run, step.retries, step.timeout, false);
        case 'release':
          return release({ ...run, step }, false);
        case 'ssh':
          return ssh({ ...run, step }, false);
        case 'http':
          return callUrl(step, step);
        case 'health':
          return probeHealth(step);
        case 'wait':
          throw ApplicationFailure.nonRetryable('a wait step is a timer in the workflow, not an activity');
      }
    },
    rollbackStep: (run) => {
      const { step } = run;
      switch (step.type) {
        case 'shell':
          // The workflow allows a compensation a few attempts: undoing must not give up at the first error.
          return step.rollback === undefined
            ? Promise.resolve({ output: '' })
            : shell(run, step.rollback, COMPENSATION_RETRIES, step.timeout, true);
        case 'release':
          return release({ ...run, step }, true);
        case 'ssh':
          return ssh({ ...run, step }, true);
        case 'http':
          // The undoing call, with the step's own timeout, given the compensation's attempts.
          return step.rollback === undefined
            ? Promise.resolve({ output: '' })
            : callUrl(step.rollback, { timeout: step.timeout, retries: COMPENSATION_RETRIES });
        case 'health':
        case 'wait':
          return Promise.resolve({ output: '' });
      }
    },
    releaseWorkspace: async (deploymentId) => {
      const workspace = workspaceOf(deploymentId);
      await rm(workspace, { recursive: true, force: true });
      await rm(`${workspace}.artifact.tar.gz`, { force: true });
    },
  };
}

/** Where the build's output goes among the steps' lines: before the first step. */
export const BUILD_LOG_POSITION = -1;

interface StepSession {
  context: Context;
  env: Record<string, string>;
  workspace: string;
  target: string;
  mask: (text: string) => string;
  onOutput: (text: string) => void;
  onTick: () => void;
  close: () => Promise<void>;
}

/** Where the project keeps its pipeline spec; releases started before projects had a path use the default. */
function specFileOf(project: ProjectRef): string {
  return project.specPath ?? PIPELINE_SPEC_FILE;
}

/** Variables of the runner's own environment a step may see; nothing else (no secrets) leaks in. */
function inheritedEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED_VARIABLES) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}
