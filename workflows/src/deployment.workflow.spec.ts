import {
  compensationOf,
  type DeploymentEventEnvelope,
  type ShellStepSpec,
  type StepSpec,
} from '@slipway/domain';
import type {
  AuditActivities,
  DeployActivities,
  DeploymentInput,
  DeploymentOutcome,
  NotificationActivities,
  StepRun,
  VcsActivities,
} from '@slipway/temporal';
import { TASK_QUEUES } from '@slipway/temporal';
import { temporalTestServerPath } from '@slipway/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
/** Recorded histories of deploymentWorkflow, replayed by the replay test. */
const HISTORIES_DIR = join(__dirname, '..', 'histories');
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { deploymentWorkflow } from './deployment.workflow';

/**
 * The workflow's decisions, on the time-skipping test server with stand-in activities: what runs, in
 * which order, and what the log records when things go wrong.
 */
describe('deploymentWorkflow decisions', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
    });
    bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./deployment.workflow'),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
    });
  });

  afterAll(async () => {
    await env.teardown();
  });

  const commandOf = (spec: StepSpec): string => (spec.type === 'shell' ? spec.run : spec.name);

  const step = (name: string, undoable = true): ShellStepSpec => ({
    name,
    type: 'shell',
    run: `do ${name}`,
    ...(undoable ? { rollback: `undo ${name}` } : {}),
    timeout: 60_000,
    retries: 0,
  });

  interface Fakes {
    recorded: DeploymentEventEnvelope[];
    ran: string[];
    notified: DeploymentOutcome[];
  }

  async function run(
    steps: StepSpec[],
    behaviour: {
      failStep?: string;
      rollbackFailures?: Record<string, number>;
      auditFailures?: number;
      /** This step runs until cancelled, and the deployment is cancelled once it has started. */
      cancelDuring?: string;
    } = {},
  ): Promise<Fakes & { outcome: DeploymentOutcome }> {
    const fakes: Fakes = { recorded: [], ran: [], notified: [] };
    let cancelStepStarted: () => void = () => undefined;
    const cancelStepRunning = new Promise<void>((resolve) => (cancelStepStarted = resolve));
    let auditFailures = behaviour.auditFailures ?? 0;
    const rollbackFailures = { ...behaviour.rollbackFailures };
    const audit: AuditActivities = {
      recordDeploymentEvents: (events) => {
        if (auditFailures > 0) {
          auditFailures -= 1;
          return Promise.reject(new Error('audit database is restarting'));
        }
        for (const event of events) {
          if (!fakes.recorded.some((known) => known.eventId === event.eventId)) fakes.recorded.push(event);
        }
        return Promise.resolve();
      },
    };
    const vcs: VcsActivities = {
      resolveCommit: () =>
        Promise.resolve({
          sha: 'c'.repeat(40),
          message: 'Add greeting',
          author: 'Ada',
          committedAt: '2026-11-26T08:00:00Z',
        }),
    };
    const notifications: NotificationActivities = {
      notifyDeploymentFinished: (outcome) => {
        fakes.notified.push(outcome);
        return Promise.resolve();
      },
    };
    const deploy: DeployActivities = {
      planEnvironment: () => Promise.resolve({ variables: {}, steps }),
      runStep: async (stepRun: StepRun) => {
        fakes.ran.push(commandOf(stepRun.step));
        if (stepRun.step.name === behaviour.cancelDuring) {
          cancelStepStarted();
          const context = Context.current();
          for (;;) {
            context.heartbeat();
            await context.sleep(50); // throws once the cancel has reached this attempt
          }
        }
        if (stepRun.step.name === behaviour.failStep) {
          return Promise.reject(
            ApplicationFailure.nonRetryable(`"${commandOf(stepRun.step)}" exited with code 1`, 'StepFailed', {
              output: 'boom',
            }),
          );
        }
        return Promise.resolve({ output: `ran ${stepRun.step.name}` });
      },
      rollbackStep: (stepRun: StepRun) => {
        fakes.ran.push(compensationOf(stepRun.step) ?? '');
        const failuresLeft = rollbackFailures[stepRun.step.name] ?? 0;
        if (failuresLeft > 0) {
          rollbackFailures[stepRun.step.name] = failuresLeft - 1;
          // Like the real activity: a failed command is retried while the compensation budget lasts.
          const { attempt } = Context.current().info;
          const message = 'rollback exited with code 2';
          return Promise.reject(
            attempt <= 2
              ? ApplicationFailure.retryable(message, 'StepFailed')
              : ApplicationFailure.nonRetryable(message, 'StepFailed'),
          );
        }
        return Promise.resolve({ output: '' });
      },
      releaseWorkspace: () => Promise.resolve(),
    };
    const common = { connection: env.nativeConnection, namespace: env.namespace ?? 'default' };
    const workers = await Promise.all([
      Worker.create({ ...common, taskQueue: TASK_QUEUES.deploy, activities: deploy, workflowBundle: bundle }),
      Worker.create({ ...common, taskQueue: TASK_QUEUES.audit, activities: audit }),
      Worker.create({ ...common, taskQueue: TASK_QUEUES.vcs, activities: vcs }),
      Worker.create({ ...common, taskQueue: TASK_QUEUES.notifications, activities: notifications }),
    ]);
    const input: DeploymentInput = {
      deploymentId: '0b7d5a8c-1f2e-4d3c-9b8a-7a6f5e4d3c2b',
      project: { name: 'hello', repositoryUrl: '/srv/git/hello' },
      environment: 'production',
      ref: 'main',
      actor: 'alex',
    };
    const [first, ...others] = workers;
    const outcome = await first.runUntil(async () => {
      const pending = others.map((worker) => worker.run());
      try {
        const handle = await env.client.workflow.start(deploymentWorkflow, {
          taskQueue: TASK_QUEUES.deploy,
          workflowId: `decisions-${Math.random().toString(36).slice(2)}`,
          args: [input],
        });
        if (behaviour.cancelDuring) {
          await cancelStepRunning;
          await handle.cancel();
        }
        const result = await handle.result();
        await keepHistory(
          expect.getState().currentTestName ?? handle.workflowId,
          await handle.fetchHistory(),
        );
        return result;
      } finally {
        others.forEach((worker) => worker.shutdown());
        await Promise.all(pending);
      }
    });
    return { ...fakes, outcome };
  }

  it('undoes completed steps newest first, skipping a step that has nothing to undo', async () => {
    const result = await run([step('migrate'), step('notify', false), step('release'), step('verify')], {
      failStep: 'verify',
    });
    expect(result.ran).toEqual([
      'do migrate',
      'do notify',
      'do release',
      'do verify',
      'undo release',
      'undo migrate',
    ]);
    expect(result.outcome).toMatchObject({
      status: 'ROLLED_BACK',
      reason: 'verify failed: "do verify" exited with code 1',
    });
    expect(result.recorded.find((event) => event.body.type === 'STEP_FAILED')?.body).toEqual({
      type: 'STEP_FAILED',
      step: 3,
      output: 'boom',
      error: '"do verify" exited with code 1',
    });
    expect(result.notified.map((outcome) => outcome.status)).toEqual(['ROLLED_BACK']);
  });

  it('tries a failing compensation again before giving up on it', async () => {
    const result = await run([step('migrate'), step('release'), step('verify')], {
      failStep: 'verify',
      rollbackFailures: { release: 2 },
    });
    expect(result.ran.slice(3)).toEqual(['undo release', 'undo release', 'undo release', 'undo migrate']);
    expect(result.outcome.status).toBe('ROLLED_BACK');
  });

  it('ends ROLLBACK_FAILED, naming the step, when a compensation keeps failing, and still undoes the others', async () => {
    const result = await run([step('migrate'), step('release'), step('verify')], {
      failStep: 'verify',
      rollbackFailures: { release: Infinity },
    });
    expect(result.ran.slice(3)).toEqual(['undo release', 'undo release', 'undo release', 'undo migrate']);
    expect(result.outcome.status).toBe('ROLLBACK_FAILED');
    expect(result.outcome.reason).toBe(
      'verify failed: "do verify" exited with code 1; rollback of release failed',
    );
    expect(result.recorded.map((event) => event.body.type).slice(-4)).toEqual([
      'STEP_ROLLBACK_FAILED',
      'STEP_ROLLBACK_STARTED',
      'STEP_ROLLED_BACK',
      'DEPLOYMENT_ROLLBACK_FAILED',
    ]);
  });

  it('ends FAILED with nothing to undo when the first step fails', async () => {
    const result = await run([step('migrate'), step('release')], { failStep: 'migrate' });
    expect(result.ran).toEqual(['do migrate']);
    expect(result.outcome.status).toBe('FAILED');
    expect(result.recorded.map((event) => event.body.type).at(-1)).toBe('DEPLOYMENT_FAILED');
  });

  it('on cancel, stops the running step, undoes the completed ones newest first, and ends CANCELLED', async () => {
    const result = await run([step('migrate'), step('release'), step('soak'), step('verify')], {
      cancelDuring: 'soak',
    });
    expect(result.ran).toEqual(['do migrate', 'do release', 'do soak', 'undo release', 'undo migrate']);
    expect(result.outcome).toMatchObject({ status: 'CANCELLED', reason: 'cancelled during soak' });
    expect(result.recorded.map((event) => event.body.type).slice(-7)).toEqual([
      'STEP_CANCELLED',
      'ROLLBACK_STARTED',
      'STEP_ROLLBACK_STARTED',
      'STEP_ROLLED_BACK',
      'STEP_ROLLBACK_STARTED',
      'STEP_ROLLED_BACK',
      'DEPLOYMENT_CANCELLED',
    ]);
  });

  it('soaks for a wait step as a durable timer (an hour, skipped here) and carries on', async () => {
    const result = await run([
      step('release'),
      { name: 'soak', type: 'wait', duration: 3_600_000 },
      step('verify'),
    ]);
    expect(result.outcome.status).toBe('SUCCEEDED');
    expect(result.ran).toEqual(['do release', 'do verify']);
    const soaked = result.recorded.find(
      (event) => event.body.type === 'STEP_SUCCEEDED' && event.body.step === 1,
    );
    expect(soaked?.body).toMatchObject({ output: 'waited 3600s' });
  });

  it('waits out an audit outage: every event is recorded once, in order, and the deployment succeeds', async () => {
    const result = await run([step('release')], { auditFailures: 5 });
    expect(result.outcome.status).toBe('SUCCEEDED');
    expect(result.recorded.map((event) => event.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(result.recorded.map((event) => event.body.type)).toEqual([
      'DEPLOYMENT_QUEUED',
      'DEPLOYMENT_STARTED',
      'STEP_STARTED',
      'STEP_SUCCEEDED',
      'DEPLOYMENT_SUCCEEDED',
    ]);
  });
});

/**
 * With SLIPWAY_RECORD_HISTORIES=1, each run's history is saved beside the replay test, which replays
 * every saved history against the current workflow code: a change that breaks determinism fails it.
 */
async function keepHistory(testName: string, history: unknown): Promise<void> {
  if (process.env.SLIPWAY_RECORD_HISTORIES !== '1') return;
  const name = testName
    .replace(/^.*? /, '')
    .replace(/[^a-z0-9]+/gi, '-')
    .slice(0, 60)
    .replace(/-+$/, '');
  await mkdir(HISTORIES_DIR, { recursive: true });
  await writeFile(join(HISTORIES_DIR, `${name}.json`), JSON.stringify(history));
}
