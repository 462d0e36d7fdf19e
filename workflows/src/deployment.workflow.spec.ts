import {
  applyDeploymentEvent,
  type DeploymentEventEnvelope,
  type DeploymentState,
  type ShellStepSpec,
  type StepSpec,
} from '@slipway/domain';
import type {
  AuditActivities,
  BuildReport,
  CommitChecks,
  DeployActivities,
  Delivery,
  DeploymentInput,
  DeploymentReport,
  DeploymentOutcome,
  EnvironmentPlan,
  EnvironmentQueue,
  GateActivities,
  NotificationActivities,
  NotificationRoute,
  PauseScope,
  ReleaseEnvironment,
  StepRun,
  VcsActivities,
} from '@slipway/temporal';
import {
  deploymentNotificationsWorkflowId,
  deploymentWorkflowId,
  releaseWorkflowId,
  ENVIRONMENT_GATE_ID,
  ENVIRONMENT_GATE_WORKFLOW,
  GATE_MESSAGES,
  TASK_QUEUES,
} from '@slipway/temporal';
import { WorkflowUpdateFailedError, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
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
import { ciChangedSignal } from './ci-gate';
import { approveUpdate, deploymentWorkflow, rejectUpdate } from './deployment.workflow';
import { releaseWorkflow } from './release.workflow';

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
      workflowsPath: require.resolve('./index'),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
    });
  });

  /**
   * One set of workers for every test (a new worker per test would leave the gate workflow waiting on
   * the previous worker's sticky queue); each test's stand-in activities are the `current` ones.
   */
  interface StandIns {
    deploy: DeployActivities & GateActivities;
    audit: AuditActivities;
    vcs: VcsActivities;
    notifications: NotificationActivities;
  }
  let current: StandIns | null = null;
  let workers: Worker[] = [];
  let running: Array<Promise<void>> = [];

  function forwarding(
    queue: keyof StandIns,
    names: string[],
  ): Record<string, (...args: unknown[]) => unknown> {
    return Object.fromEntries(
      names.map((name) => [
        name,
        (...args: unknown[]) => {
          if (!current) throw new Error(`no test is running: ${name} was called`);
          const activity = (current[queue] as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
          return activity?.(...args);
        },
      ]),
    );
  }

  beforeAll(async () => {
    const common = { connection: env.nativeConnection, namespace: env.namespace ?? 'default' };
    const deployNames = [
      'planEnvironment',
      'planRelease',
      'buildArtifact',
      'enterEnvironmentQueue',
      'stillRunning',
      'runStep',
      'rollbackStep',
      'releaseWorkspace',
    ];
    workers = await Promise.all([
      Worker.create({
        ...common,
        taskQueue: TASK_QUEUES.deploy,
        activities: forwarding('deploy', deployNames),
        workflowBundle: bundle,
      }),
      Worker.create({
        ...common,
        taskQueue: TASK_QUEUES.audit,
        activities: forwarding('audit', ['recordDeploymentEvents', 'badEnvironments', 'currentRelease']),
      }),
      Worker.create({
        ...common,
        taskQueue: TASK_QUEUES.vcs,
        activities: forwarding('vcs', [
          'resolveCommit',
          'releaseDiff',
          'reportDeployment',
          'reportBuild',
          'commitChecks',
        ]),
      }),
      Worker.create({
        ...common,
        taskQueue: TASK_QUEUES.notifications,
        activities: forwarding('notifications', [
          'notifyDeploymentFinished',
          'notificationRoute',
          'postToSlack',
          'updateInSlack',
          'replyInSlack',
          'sendEmail',
          'addToDigest',
          'sendDigest',
          'tellAuthors',
        ]),
      }),
    ]);
    running = workers.map((worker) => worker.run());
  });

  afterAll(async () => {
    workers.forEach((worker) => worker.shutdown());
    await Promise.all(running);
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

  interface World {
    recorded: DeploymentEventEnvelope[];
    ran: string[];
    /** Every notification delivered, in order: which activity, its key, and the card it carried. */
    deliveries: Delivered[];
    builds: number;
    diffsAsked: Array<{ from: string | null; to: string }>;
    /** What the connected repository was told, in the order it was told. */
    reports: DeploymentReport[];
    /** The build statuses the connected repository was shown, in order. */
    buildReports: BuildReport[];
    /** The commit's CI as the host reports it at each look, in order; the last answer stays. */
    ci: CommitChecks[];
    /** How many times the CI was looked at. */
    ciLookups: number;
  }

  interface Delivered {
    activity: string;
    key: string;
    kind: string;
    revision: number;
    status: string;
  }

  /** Failures, rollbacks and approvals to #deploys and the team: what an admin sets first. */
  const ROUTE: NotificationRoute = {
    events: ['FAILED', 'ROLLED_BACK', 'ROLLBACK_FAILED', 'APPROVAL_REQUIRED', 'APPROVAL_EXPIRED'],
    slackChannels: ['#deploys'],
    emailRecipients: ['team@example.com'],
    emailDigestMinutes: null,
    notifyAuthors: false,
    digest: 'hello/*',
  };

  interface Behaviour {
    /**
     * Where notifications go; nowhere unless given. (After the time-skipping test server has seen a
     * Slack delivery it no longer skips time, so the tests that post to Slack run last.)
     */
    route?: NotificationRoute | null;
    /** The notifications service answers which route to take only once this resolves (it was down). */
    routeAnswered?: Promise<void>;
    /** Slack refuses every post for good, or takes each post only once this resolves. */
    slack?: 'down' | Promise<void>;
    /** Each environment's plan; `production` runs `steps` unless given. */
    plans?: Record<string, Partial<EnvironmentPlan>>;
    /** The spec's environments as a release sees them. */
    releaseEnvironments?: ReleaseEnvironment[];
    badEnvironments?: string[];
    failStep?: string;
    rollbackFailures?: Record<string, number>;
    auditFailures?: number;
    /** The commit the environment runs before the deployment; none by default. */
    runningRelease?: string;
    /** git cannot tell the commits between (a commit gone after a force push). */
    releaseDiffFails?: boolean;
    /** GitHub refuses every report (a token without the right scope). */
    reportsRefused?: boolean;
    /** GitHub does not answer the report of a success until this resolves (GitHub slow or down). */
    successReportsWait?: Promise<void>;
  }

  const COMMIT = {
    sha: 'c'.repeat(40),
    message: 'Add greeting',
    author: 'Ada',
    committedAt: '2026-11-26T08:00:00Z',
  };

  /** What a scenario can do while the workers run. */
  interface Tools {
    world: World;
    deploy(
      overrides?: Partial<DeploymentInput>,
    ): Promise<WorkflowHandleWithFirstExecutionRunId<typeof deploymentWorkflow>>;
    /** Resolves once the named step of the deployment runs; it then runs until `finish` (or a cancel). */
    held(deploymentId: string, stepName: string): Promise<void>;
    finish(deploymentId: string): void;
    /** Resolves once the deployment has recorded an event of this type. */
    reached(deploymentId: string, type: DeploymentEventEnvelope['body']['type']): Promise<void>;
    eventsOf(deploymentId: string): string[];
    /** Resolves once the deployment's notifications workflow has sent everything. */
    notified(deploymentId: string): Promise<void>;
  }

  async function scenario<T>(
    steps: StepSpec[],
    behaviour: Behaviour,
    body: (tools: Tools) => Promise<T>,
  ): Promise<T> {
    const world: World = {
      recorded: [],
      ran: [],
      deliveries: [],
      builds: 0,
      diffsAsked: [],
      reports: [],
      buildReports: [],
      ci: [{ state: 'success', pending: [] }],
      ciLookups: 0,
    };
    let auditFailures = behaviour.auditFailures ?? 0;
    const rollbackFailures = { ...behaviour.rollbackFailures };
    const holds = new Map<string, { running: () => void; running$: Promise<void>; done: boolean }>();
    const holdOf = (deploymentId: string) => {
      let hold = holds.get(deploymentId);
      if (!hold) {
        let running: () => void = () => undefined;
        const running$ = new Promise<void>((resolve) => (running = resolve));
        hold = { running, running$, done: false };
        holds.set(deploymentId, hold);
      }
      return hold;
    };
    const heldSteps = new Map<string, string>();
    /** The notifications workflows of this test's deployments, releases' ones included. */
    const notifiers: string[] = [];
    const audit: AuditActivities = {
      recordDeploymentEvents: (events) => {
        if (auditFailures > 0) {
          auditFailures -= 1;
          return Promise.reject(new Error('audit database is restarting'));
        }
        for (const event of events) {
          if (!world.recorded.some((known) => known.eventId === event.eventId)) world.recorded.push(event);
        }
        return Promise.resolve();
      },
      badEnvironments: () => Promise.resolve(behaviour.badEnvironments ?? []),
      currentRelease: () => Promise.resolve(behaviour.runningRelease ?? null),
    };
    const vcs: VcsActivities = {
      resolveCommit: () => Promise.resolve(COMMIT),
      releaseDiff: (_repositoryUrl, from, to) => {
        world.diffsAsked.push({ from, to });
        if (behaviour.releaseDiffFails) {
          return Promise.reject(
            ApplicationFailure.nonRetryable(`commit ${from} was not found in /srv/git/hello`, 'RefNotFound'),
          );
        }
        const commits = [{ ...COMMIT, pullRequest: 12 }];
        return Promise.resolve({
          from,
          direction: from === null ? 'FIRST' : 'FORWARD',
          commits,
          truncated: false,
        });
      },
      reportDeployment: (report) => {
        if (behaviour.reportsRefused) {
          return Promise.reject(ApplicationFailure.nonRetryable('GitHub answered 403', 'GitHubRejected'));
        }
        world.reports.push(report);
        return report.state === 'success' && behaviour.successReportsWait
          ? behaviour.successReportsWait
          : Promise.resolve();
      },
      reportBuild: (report) => {
        world.buildReports.push(report);
        return Promise.resolve();
      },
      commitChecks: () => {
        world.ciLookups += 1;
        const answer = world.ci.length > 1 ? world.ci.shift() : world.ci[0];
        return answer ? Promise.resolve(answer) : Promise.reject(new Error('no CI answer given'));
      },
      pipelineSpec: () => Promise.reject(new Error('deployments never read the spec through vcs')),
    };
    const delivered = (activity: string, delivery: Delivery): void => {
      world.deliveries.push({
        activity,
        key: delivery.key,
        kind: delivery.kind,
        revision: delivery.card.revision,
        status: delivery.card.deployment.status,
      });
    };
    const notifications: NotificationActivities = {
      notifyDeploymentFinished: () =>
        Promise.reject(new Error('deployments with a notifier never call this')),
      notificationRoute: async () => {
        const notifier = Context.current().info.workflowExecution?.workflowId;
        if (notifier) notifiers.push(notifier);
        await behaviour.routeAnswered;
        return behaviour.route ?? null;
      },
      postToSlack: async (delivery) => {
        if (behaviour.slack === 'down') {
          throw ApplicationFailure.nonRetryable('Slack: channel_not_found', 'DeliveryError');
        }
        await behaviour.slack;
        delivered('postToSlack', delivery);
        return { channel: 'C0DEPLOYS', ts: '1700000000.000100' };
      },
      updateInSlack: (delivery) => {
        delivered('updateInSlack', delivery);
        return Promise.resolve();
      },
      replyInSlack: (delivery) => {
        delivered('replyInSlack', delivery);
        return Promise.resolve();
      },
      sendEmail: (delivery) => {
        delivered('sendEmail', delivery);
        return Promise.resolve();
      },
      addToDigest: (delivery) => {
        delivered('addToDigest', delivery);
        return Promise.resolve();
      },
      sendDigest: () => Promise.resolve(),
      tellAuthors: (delivery) => {
        delivered('tellAuthors', delivery);
        return Promise.resolve();
      },
    };
    const planOf = (environment: string): EnvironmentPlan => ({
      variables: {},
      secrets: {},
      steps,
      approval: null,
      freeze: [],
      concurrency: 'queue',
      ...behaviour.plans?.[environment],
    });
    const deploy: DeployActivities & GateActivities = {
      planEnvironment: (_project, _commit, environment) => Promise.resolve(planOf(environment)),
      planRelease: () => Promise.resolve(behaviour.releaseEnvironments ?? []),
      buildArtifact: () => {
        world.builds += 1;
        return Promise.resolve({ artifact: { digest: 'd'.repeat(64), size: 1234 }, built: true });
      },
      enterEnvironmentQueue: async (request) => {
        await env.client.workflow.signalWithStart(ENVIRONMENT_GATE_WORKFLOW, {
          workflowId: ENVIRONMENT_GATE_ID,
          taskQueue: TASK_QUEUES.deploy,
          args: [],
          signal: GATE_MESSAGES.enter,
          signalArgs: [request],
        });
      },
      stillRunning: async (deploymentIds) => {
        const statuses = await Promise.all(
          deploymentIds.map(async (id) => {
            const { status } = await env.client.workflow.getHandle(deploymentWorkflowId(id)).describe();
            return status.name === 'RUNNING' ? [id] : [];
          }),
        );
        return statuses.flat();
      },
      runStep: async (stepRun: StepRun) => {
        world.ran.push(commandOf(stepRun.step));
        if (heldSteps.get(stepRun.deploymentId) === stepRun.step.name) {
          const hold = holdOf(stepRun.deploymentId);
          hold.running();
          const context = Context.current();
          while (!hold.done) {
            context.heartbeat();
            await context.sleep(50); // throws once a cancel has reached this attempt
          }
        }
        if (stepRun.step.name === behaviour.failStep) {
          return Promise.reject(
            ApplicationFailure.nonRetryable(`"${commandOf(stepRun.step)}" exited with code 1`, 'StepFailed', {
              output: 'boom',
            }),
          );
        }
        return { output: `ran ${stepRun.step.name}` };
      },
      rollbackStep: (stepRun: StepRun) => {
        world.ran.push(stepRun.step.type === 'shell' ? (stepRun.step.rollback ?? '') : '');
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
    current = { deploy, audit, vcs, notifications };
    const eventsOf = (deploymentId: string) =>
      world.recorded.filter((event) => event.deploymentId === deploymentId).map((event) => event.body.type);
    const tools: Tools = {
      world,
      deploy: (overrides = {}) => {
        const deploymentId = overrides.deploymentId ?? randomUUID();
        return env.client.workflow.start(deploymentWorkflow, {
          taskQueue: TASK_QUEUES.deploy,
          workflowId: deploymentWorkflowId(deploymentId),
          args: [
            {
              deploymentId,
              project: { name: 'hello', repositoryUrl: '/srv/git/hello' },
              environment: 'production',
              ref: 'main',
              actor: 'alex',
              trigger: { type: 'manual' },
              ...overrides,
            },
          ],
        });
      },
      held: (deploymentId, stepName) => {
        heldSteps.set(deploymentId, stepName);
        return holdOf(deploymentId).running$;
      },
      finish: (deploymentId) => {
        holdOf(deploymentId).done = true;
      },
      reached: async (deploymentId, type) => {
        while (!eventsOf(deploymentId).includes(type))
          await new Promise((resolve) => setTimeout(resolve, 20));
      },
      eventsOf,
      notified: (deploymentId) =>
        env.client.workflow.getHandle(deploymentNotificationsWorkflowId(deploymentId)).result(),
    };
    try {
      return await body(tools);
    } finally {
      current = null;
      // Notifications of deployments a test left unfinished stop here, not in the next test.
      await Promise.all(
        notifiers.map((id) =>
          env.client.workflow
            .getHandle(id)
            .terminate('the test is over')
            .catch(() => undefined),
        ),
      );
    }
  }

  /** One deployment to production, from start to end; its history is kept when recording. */
  async function run(
    steps: StepSpec[],
    behaviour: Behaviour & {
      /** This step runs until cancelled, and the deployment is cancelled once it has started. */
      cancelDuring?: string;
    } = {},
  ): Promise<World & { outcome: DeploymentOutcome }> {
    return scenario(steps, behaviour, async (tools) => {
      const deploymentId = randomUUID();
      const running = behaviour.cancelDuring ? tools.held(deploymentId, behaviour.cancelDuring) : null;
      const handle = await tools.deploy({ deploymentId });
      if (running) {
        await running;
        await handle.cancel();
      }
      const outcome = await handle.result();
      await tools.notified(deploymentId);
      const testName = expect.getState().currentTestName ?? handle.workflowId;
      await keepHistory(testName, await handle.fetchHistory());
      if (behaviour.route) {
        const notifier = env.client.workflow.getHandle(deploymentNotificationsWorkflowId(deploymentId));
        await keepHistory(testName.replace('decisions', 'notifier'), await notifier.fetchHistory());
      }
      const deliveries = tools.world.deliveries.filter((delivery) => delivery.key.startsWith(deploymentId));
      return { ...tools.world, deliveries, outcome };
    });
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
  });

  it.each([0, 1, 2, 3])(
    'when step %i of four fails, undoes exactly the steps completed before it, newest first',
    async (failing) => {
      const names = ['migrate', 'release', 'warm', 'verify'];
      const result = await run(
        names.map((name) => step(name)),
        { failStep: names[failing] },
      );
      const done = names.slice(0, failing);
      expect(result.ran).toEqual([
        ...done.map((name) => `do ${name}`),
        `do ${names[failing]}`,
        ...[...done].reverse().map((name) => `undo ${name}`),
      ]);
      expect(result.outcome.status).toBe(failing === 0 ? 'FAILED' : 'ROLLED_BACK');
    },
  );

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
    expect(result.recorded.map((event) => event.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(result.recorded.map((event) => event.body.type)).toEqual([
      'DEPLOYMENT_QUEUED',
      'ARTIFACT_READY',
      'RELEASE_DIFF_READY',
      'DEPLOYMENT_STARTED',
      'STEP_STARTED',
      'STEP_SUCCEEDED',
      'DEPLOYMENT_SUCCEEDED',
    ]);
  });

  it('records the commits between the running release and the new one before anything runs', async () => {
    const running = 'b'.repeat(40);
    const result = await run([step('release')], { runningRelease: running });
    expect(result.outcome.status).toBe('SUCCEEDED');
    expect(result.diffsAsked).toEqual([{ from: running, to: COMMIT.sha }]);
    const diff = result.recorded.find((event) => event.body.type === 'RELEASE_DIFF_READY');
    expect(diff?.sequence).toBe(3);
    expect(diff?.body).toEqual({
      type: 'RELEASE_DIFF_READY',
      from: running,
      direction: 'FORWARD',
      commits: [{ ...COMMIT, pullRequest: 12 }],
      truncated: false,
    });
  });

  it('deploys without a release diff when git cannot tell the commits between', async () => {
    const result = await run([step('release')], { runningRelease: 'b'.repeat(40), releaseDiffFails: true });
    expect(result.outcome.status).toBe('SUCCEEDED');
    expect(result.ran).toEqual(['do release']);
    expect(result.recorded.map((event) => event.body.type)).toEqual([
      'DEPLOYMENT_QUEUED',
      'ARTIFACT_READY',
      'DEPLOYMENT_STARTED',
      'STEP_STARTED',
      'STEP_SUCCEEDED',
      'DEPLOYMENT_SUCCEEDED',
    ]);
  });

  const approval = (overrides: Partial<NonNullable<EnvironmentPlan['approval']>> = {}) => ({
    approval: { roles: ['admin'], approvers: 1, timeout: 86_400_000, allowSelfApproval: false, ...overrides },
  });
  const admin = (name: string) => ({ actor: { name, roles: ['admin'] }, comment: 'looks good' });
  const refusalOf = async (promise: Promise<unknown>): Promise<{ type?: string; message: string }> => {
    const error: unknown = await promise.then(
      () => new Error('the update was accepted'),
      (reason: unknown) => reason,
    );
    const cause = error instanceof WorkflowUpdateFailedError ? error.cause : error;
    return cause instanceof ApplicationFailure
      ? { ...(cause.type ? { type: cause.type } : {}), message: cause.message }
      : { message: String(cause) };
  };

  it('waits for approval: a wrong role and the requester are refused, an admin approves, the steps run', async () => {
    await scenario([step('release')], { plans: { production: approval() } }, async (tools) => {
      const handle = await tools.deploy();
      const id = handle.workflowId.replace('deployment-', '');
      await tools.reached(id, 'APPROVAL_REQUESTED');
      expect(tools.world.ran).toEqual([]);
      const asDeployer = { actor: { name: 'dana', roles: ['deployer'] }, comment: '' };
      expect(await refusalOf(handle.executeUpdate(approveUpdate, { args: [asDeployer] }))).toEqual({
        type: 'FORBIDDEN',
        message: 'dana may not decide on this deployment: it needs the role admin',
      });
      expect(await refusalOf(handle.executeUpdate(approveUpdate, { args: [admin('alex')] }))).toEqual({
        type: 'FORBIDDEN',
        message: 'alex asked for this deployment and may not approve it',
      });
      await expect(handle.executeUpdate(approveUpdate, { args: [admin('root')] })).resolves.toBe(0);
      expect((await handle.result()).status).toBe('SUCCEEDED');
      const given = tools.world.recorded.find((event) => event.body.type === 'APPROVAL_GIVEN');
      expect(given?.body).toEqual({
        type: 'APPROVAL_GIVEN',
        actor: 'root',
        comment: 'looks good',
        remaining: 0,
      });
      // Refused attempts leave no trace in the deployment's log: the validator stops them first.
      expect(tools.eventsOf(id)).toEqual([
        'DEPLOYMENT_QUEUED',
        'ARTIFACT_READY',
        'RELEASE_DIFF_READY',
        'APPROVAL_REQUESTED',
        'APPROVAL_GIVEN',
        'DEPLOYMENT_STARTED',
        'STEP_STARTED',
        'STEP_SUCCEEDED',
        'DEPLOYMENT_SUCCEEDED',
      ]);
    });
  });

  it('needs as many distinct approvers as the environment asks for; approving twice is refused', async () => {
    await scenario(
      [step('release')],
      { plans: { production: approval({ approvers: 2 }) } },
      async (tools) => {
        const handle = await tools.deploy();
        await tools.reached(handle.workflowId.replace('deployment-', ''), 'APPROVAL_REQUESTED');
        await expect(handle.executeUpdate(approveUpdate, { args: [admin('root')] })).resolves.toBe(1);
        expect(await refusalOf(handle.executeUpdate(approveUpdate, { args: [admin('root')] }))).toEqual({
          type: 'CONFLICT',
          message: 'root has already approved this deployment',
        });
        expect(tools.world.ran).toEqual([]);
        await expect(handle.executeUpdate(approveUpdate, { args: [admin('sam')] })).resolves.toBe(0);
        expect((await handle.result()).status).toBe('SUCCEEDED');
      },
    );
  });

  it('ends REJECTED when someone with the role refuses, naming them; nothing runs', async () => {
    await scenario([step('release')], { plans: { production: approval() } }, async (tools) => {
      const handle = await tools.deploy();
      await tools.reached(handle.workflowId.replace('deployment-', ''), 'APPROVAL_REQUESTED');
      await handle.executeUpdate(rejectUpdate, {
        args: [{ actor: { name: 'root', roles: ['admin'] }, comment: 'not on a Friday' }],
      });
      expect(await handle.result()).toMatchObject({
        status: 'REJECTED',
        reason: 'rejected by root: not on a Friday',
      });
      expect(tools.world.ran).toEqual([]);
      expect(tools.world.recorded.at(-1)?.body).toEqual({
        type: 'APPROVAL_REJECTED',
        actor: 'root',
        comment: 'not on a Friday',
      });
    });
  });

  it('ends EXPIRED when nobody approves in time (a day, skipped here)', async () => {
    await scenario([step('release')], { plans: { production: approval() } }, async (tools) => {
      const handle = await tools.deploy();
      const outcome = await handle.result();
      expect(outcome).toMatchObject({ status: 'EXPIRED', reason: 'not approved within 1d' });
      expect(tools.world.ran).toEqual([]);
      await keepHistory(expect.getState().currentTestName ?? handle.workflowId, await handle.fetchHistory());
    });
  });

  it('keeps a freeze window closed unless overridden with a reason, which is recorded', async () => {
    const frozen = { freeze: [{ name: 'always', cron: '* * * * *', duration: 3_600_000 }] };
    await scenario([step('release')], { plans: { production: frozen } }, async (tools) => {
      const blocked = await (await tools.deploy()).result();
      expect(blocked.status).toBe('BLOCKED');
      expect(blocked.reason).toMatch(
        /^production is frozen \(always\) until \d{4}-\d\d-\d\dT[\d:.]+Z; deploy with a freeze override and a reason to go ahead$/,
      );
      expect(tools.world.ran).toEqual([]);
      const overridden = await tools.deploy({ freezeOverride: 'hotfix for the outage' });
      expect((await overridden.result()).status).toBe('SUCCEEDED');
      expect(tools.world.ran).toEqual(['do release']);
      const override = tools.world.recorded.find((event) => event.body.type === 'FREEZE_OVERRIDDEN');
      expect(override?.body).toEqual({
        type: 'FREEZE_OVERRIDDEN',
        actor: 'alex',
        reason: 'hotfix for the outage',
        freeze: 'always',
      });
    });
  });

  const gateView = async (environment: string) => {
    const queues = await env.client.workflow
      .getHandle(ENVIRONMENT_GATE_ID)
      .query<EnvironmentQueue[], [PauseScope]>(GATE_MESSAGES.queue, { project: 'hello', environment });
    return queues[0];
  };

  it('runs two deployments to one environment one after the other, in the order they asked', async () => {
    const plans = { queued: {} };
    await scenario([step('release')], { plans }, async (tools) => {
      const [first, second] = [randomUUID(), randomUUID()];
      const firstRunning = tools.held(first, 'release');
      const a = await tools.deploy({ deploymentId: first, environment: 'queued' });
      await firstRunning;
      const b = await tools.deploy({ deploymentId: second, environment: 'queued' });
      await tools.reached(second, 'ARTIFACT_READY');
      await waitFor(async () => (await gateView('queued'))?.waiting.includes(second) ?? false);
      expect(await gateView('queued')).toMatchObject({ running: first, waiting: [second], paused: null });
      expect(tools.eventsOf(second)).not.toContain('DEPLOYMENT_STARTED');
      tools.finish(first);
      expect((await a.result()).status).toBe('SUCCEEDED');
      expect((await b.result()).status).toBe('SUCCEEDED');
      const order = tools.world.recorded
        .filter((event) => ['DEPLOYMENT_STARTED', 'DEPLOYMENT_SUCCEEDED'].includes(event.body.type))
        .map((event) => `${event.deploymentId === first ? 'first' : 'second'} ${event.body.type}`);
      expect(order).toEqual([
        'first DEPLOYMENT_STARTED',
        'first DEPLOYMENT_SUCCEEDED',
        'second DEPLOYMENT_STARTED',
        'second DEPLOYMENT_SUCCEEDED',
      ]);
    });
  });

  it('with supersede, a newer deployment replaces the one still waiting; the running one finishes', async () => {
    const plans = { superseding: { concurrency: 'supersede' as const } };
    await scenario([step('release')], { plans }, async (tools) => {
      const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
      const firstRunning = tools.held(first, 'release');
      const a = await tools.deploy({ deploymentId: first, environment: 'superseding' });
      await firstRunning;
      const b = await tools.deploy({ deploymentId: second, environment: 'superseding' });
      await waitFor(async () => (await gateView('superseding'))?.waiting.includes(second) ?? false);
      const c = await tools.deploy({ deploymentId: third, environment: 'superseding' });
      expect(await b.result()).toMatchObject({
        status: 'SUPERSEDED',
        reason: `superseded by the newer deployment ${third}`,
      });
      tools.finish(first);
      expect((await a.result()).status).toBe('SUCCEEDED');
      expect((await c.result()).status).toBe('SUCCEEDED');
      expect(tools.eventsOf(second)).not.toContain('DEPLOYMENT_STARTED');
    });
  });

  describe('on a project connected to a GitHub repository', () => {
    const github = {
      name: 'hello',
      repositoryUrl: '/srv/git/hello',
      vcs: { provider: 'github' as const, repository: 'acme/hello' },
    };
    const told = (reports: DeploymentReport[]) =>
      reports.map(({ state, description }) => `${state}: ${description}`);

    async function deployToGitHub(
      steps: StepSpec[],
      behaviour: Behaviour = {},
    ): Promise<{ outcome: DeploymentOutcome; reports: DeploymentReport[] }> {
      return scenario(steps, behaviour, async (tools) => {
        const handle = await tools.deploy({ project: github });
        const outcome = await handle.result();
        return { outcome, reports: tools.world.reports };
      });
    }

    it('tells GitHub it is queued, in progress, then successful, for the deployed commit', async () => {
      const { outcome, reports } = await deployToGitHub([step('migrate'), step('release')]);

      expect(outcome.status).toBe('SUCCEEDED');
      expect(told(reports)).toEqual([
        'queued: Queued for production',
        'in_progress: Deploying to production',
        'success: Deployed to production',
      ]);
      expect(reports[0]).toEqual({
        deploymentId: outcome.deploymentId,
        project: github,
        environment: 'production',
        sha: COMMIT.sha,
        // The ref asked for: GitLab shows it (and whether it is a tag) beside the deployment.
        ref: 'main',
        state: 'queued',
        description: 'Queued for production',
      });
    });

    it('tells GitHub a deployment that failed and was rolled back is a failure, with the reason', async () => {
      const { outcome, reports } = await deployToGitHub([step('migrate'), step('verify')], {
        failStep: 'verify',
      });

      expect(outcome.status).toBe('ROLLED_BACK');
      expect(told(reports)).toEqual([
        'queued: Queued for production',
        'in_progress: Deploying to production',
        'failure: verify failed: "do verify" exited with code 1',
      ]);
    });

    it('tells GitHub a superseded deployment is inactive, and it never shows as in progress', async () => {
      const plans = { 'superseding-github': { concurrency: 'supersede' as const } };
      await scenario([step('release')], { plans }, async (tools) => {
        const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
        const environment = 'superseding-github';
        const firstRunning = tools.held(first, 'release');
        const a = await tools.deploy({ deploymentId: first, environment, project: github });
        await firstRunning;
        const b = await tools.deploy({ deploymentId: second, environment, project: github });
        await waitFor(async () => (await gateView(environment))?.waiting.includes(second) ?? false);
        const c = await tools.deploy({ deploymentId: third, environment, project: github });
        expect((await b.result()).status).toBe('SUPERSEDED');
        tools.finish(first);
        await a.result();
        await c.result();

        const of = (id: string) => told(tools.world.reports.filter((report) => report.deploymentId === id));
        expect(of(second)).toEqual([
          'queued: Queued for superseding-github',
          `inactive: superseded by the newer deployment ${third}`,
        ]);
        expect(of(first)).toEqual([
          'queued: Queued for superseding-github',
          'in_progress: Deploying to superseding-github',
          'success: Deployed to superseding-github',
        ]);
      });
    });

    it('shows a build on the commit while it runs and once it is done, but not an artifact deployed again', async () => {
      const built = await scenario([step('release')], {}, async (tools) => {
        const outcome = await (await tools.deploy({ project: github })).result();
        return { outcome, builds: tools.world.buildReports };
      });
      const promoted = await scenario([step('release')], {}, async (tools) => {
        const artifact = { digest: 'd'.repeat(64), size: 1234 };
        await (await tools.deploy({ project: github, commit: COMMIT, artifact })).result();
        return tools.world.buildReports;
      });

      expect(built.builds).toEqual([
        {
          deploymentId: built.outcome.deploymentId,
          project: github,
          sha: COMMIT.sha,
          state: 'pending',
          description: 'Building',
        },
        {
          deploymentId: built.outcome.deploymentId,
          project: github,
          sha: COMMIT.sha,
          state: 'success',
          description: `Built sha256:${'d'.repeat(12)}`,
        },
      ]);
      expect(promoted).toEqual([]);
    });

    it('deploys all the same when GitHub refuses every report', async () => {
      const { outcome, reports } = await deployToGitHub([step('release')], { reportsRefused: true });

      expect(outcome).toMatchObject({ status: 'SUCCEEDED', reason: null });
      expect(reports).toEqual([]);
    });

    it('tells nothing to anyone about a project without a connected repository', async () => {
      const result = await run([step('release')]);

      expect(result.outcome.status).toBe('SUCCEEDED');
      expect(result.reports).toEqual([]);
    });
  });

  describe('in an environment that requires green CI', () => {
    const connected = {
      name: 'hello',
      repositoryUrl: '/srv/git/hello',
      vcs: { provider: 'github' as const, repository: 'acme/hello' },
    };
    const ciRequired = { ci: { required: true, timeout: 3_600_000 } };
    const running: CommitChecks = { state: 'pending', pending: ['test', 'lint'] };
    const green: CommitChecks = { state: 'success', pending: [] };
    const idOf = (handle: { workflowId: string }) => handle.workflowId.replace('deployment-', '');
    const statusOf = (recorded: DeploymentEventEnvelope[], id: string) =>
      recorded
        .filter((event) => event.deploymentId === id)
        .reduce<DeploymentState | null>((state, event) => applyDeploymentEvent(state, event), null)?.status;
    const secondsBetween = (recorded: DeploymentEventEnvelope[], from: string, to: string) => {
      const at = (type: string) =>
        Date.parse(recorded.find((event) => event.body.type === type)?.occurredAt ?? '');
      return (at(to) - at(from)) / 1000;
    };

    it('waits, shown as WAITING_CI with the checks still running, and deploys as soon as a webhook says CI passed', async () => {
      await scenario([step('release')], { plans: { production: ciRequired } }, async (tools) => {
        tools.world.ci = [running];
        const handle = await tools.deploy({ project: connected });
        const id = idOf(handle);
        await tools.reached(id, 'CI_WAITING');
        expect(statusOf(tools.world.recorded, id)).toBe('WAITING_CI');
        expect(tools.world.recorded.find((event) => event.body.type === 'CI_WAITING')?.body).toEqual({
          type: 'CI_WAITING',
          checks: ['test', 'lint'],
        });
        expect(tools.world.ran).toEqual([]);

        tools.world.ci = [green];
        await handle.signal(ciChangedSignal);
        expect(await handle.result()).toMatchObject({ status: 'SUCCEEDED', reason: null });
        expect(tools.world.ciLookups).toBe(2);
        expect(secondsBetween(tools.world.recorded, 'CI_WAITING', 'CI_PASSED')).toBeLessThan(15);
        expect(tools.eventsOf(id)).toEqual([
          'DEPLOYMENT_QUEUED',
          'ARTIFACT_READY',
          'RELEASE_DIFF_READY',
          'CI_WAITING',
          'CI_PASSED',
          'DEPLOYMENT_STARTED',
          'STEP_STARTED',
          'STEP_SUCCEEDED',
          'DEPLOYMENT_SUCCEEDED',
        ]);
      });
    });

    it('ends FAILED naming the failed check and its link; nobody is asked to approve, nothing runs', async () => {
      const plans = { production: { ...ciRequired, ...approval() } };
      await scenario([step('release')], { plans }, async (tools) => {
        tools.world.ci = [running];
        const handle = await tools.deploy({ project: connected });
        await tools.reached(idOf(handle), 'CI_WAITING');
        const url = 'https://github.com/acme/hello/runs/4';
        tools.world.ci = [{ state: 'failure', pending: ['lint'], failed: { name: 'test (20.x)', url } }];
        await handle.signal(ciChangedSignal);

        const reason = `CI failed: test (20.x) (${url})`;
        expect(await handle.result()).toMatchObject({ status: 'FAILED', reason });
        expect(tools.world.recorded.at(-1)?.body).toEqual({
          type: 'CI_FAILED',
          check: 'test (20.x)',
          url,
          reason,
        });
        expect(statusOf(tools.world.recorded, idOf(handle))).toBe('FAILED');
        expect(tools.eventsOf(idOf(handle))).not.toContain('APPROVAL_REQUESTED');
        expect(tools.world.ran).toEqual([]);
      });
    });

    it('looks again by itself when no webhook comes: after 15 s, then 30 s', async () => {
      await scenario([step('release')], { plans: { production: ciRequired } }, async (tools) => {
        tools.world.ci = [running, running, green];
        const handle = await tools.deploy({ project: connected });
        expect((await handle.result()).status).toBe('SUCCEEDED');
        expect(tools.world.ciLookups).toBe(3);
        expect(secondsBetween(tools.world.recorded, 'CI_WAITING', 'CI_PASSED')).toBeGreaterThanOrEqual(45);
        expect(secondsBetween(tools.world.recorded, 'CI_WAITING', 'CI_PASSED')).toBeLessThan(60);
      });
    });

    it('ends FAILED when CI has not finished within the timeout (an hour, skipped here)', async () => {
      await scenario([step('release')], { plans: { production: ciRequired } }, async (tools) => {
        tools.world.ci = [running];
        const handle = await tools.deploy({ project: connected });
        expect(await handle.result()).toMatchObject({
          status: 'FAILED',
          reason: 'CI did not finish within 1h',
        });
        expect(tools.eventsOf(idOf(handle)).slice(-2)).toEqual(['CI_WAITING', 'DEPLOYMENT_FAILED']);
        expect(tools.world.ran).toEqual([]);
        await keepHistory(
          expect.getState().currentTestName ?? handle.workflowId,
          await handle.fetchHistory(),
        );
      });
    });

    it('ends CANCELLED when cancelled while it waits for CI', async () => {
      await scenario([step('release')], { plans: { production: ciRequired } }, async (tools) => {
        tools.world.ci = [running];
        const handle = await tools.deploy({ project: connected });
        await tools.reached(idOf(handle), 'CI_WAITING');
        await handle.cancel();
        expect(await handle.result()).toMatchObject({
          status: 'CANCELLED',
          reason: 'cancelled before any step ran',
        });
        expect(statusOf(tools.world.recorded, idOf(handle))).toBe('CANCELLED');
      });
    });

    it('ends FAILED, saying why, for a project connected to no GitHub or GitLab repository', async () => {
      await scenario([step('release')], { plans: { production: ciRequired } }, async (tools) => {
        const outcome = await (await tools.deploy()).result();
        expect(outcome).toMatchObject({
          status: 'FAILED',
          reason:
            'production requires green CI, but project hello is not connected to a GitHub or GitLab repository',
        });
        expect(tools.world.ciLookups).toBe(0);
      });
    });
  });

  it('a pause lets the running deployment finish and starts nothing new until resumed', async () => {
    const plans = { paused: {} };
    await scenario([step('release')], { plans }, async (tools) => {
      const [first, second] = [randomUUID(), randomUUID()];
      const firstRunning = tools.held(first, 'release');
      const a = await tools.deploy({ deploymentId: first, environment: 'paused' });
      await firstRunning;
      const gate = env.client.workflow.getHandle(ENVIRONMENT_GATE_ID);
      await gate.signal(GATE_MESSAGES.pause, {
        project: 'hello',
        environment: 'paused',
        actor: 'root',
        reason: 'incident 42',
      });
      tools.finish(first);
      expect((await a.result()).status).toBe('SUCCEEDED');
      const b = await tools.deploy({ deploymentId: second, environment: 'paused' });
      await waitFor(async () => (await gateView('paused'))?.waiting.includes(second) ?? false);
      expect(await gateView('paused')).toMatchObject({
        running: null,
        waiting: [second],
        paused: { actor: 'root', reason: 'incident 42' },
      });
      // A global pause holds it too, after the environment's own is lifted.
      await gate.signal(GATE_MESSAGES.pause, { actor: 'root', reason: 'freeze everything' });
      await gate.signal(GATE_MESSAGES.resume, { project: 'hello', environment: 'paused' });
      expect((await gateView('paused'))?.paused).toMatchObject({ reason: 'freeze everything' });
      expect(tools.eventsOf(second)).not.toContain('DEPLOYMENT_STARTED');
      await gate.signal(GATE_MESSAGES.resume, {});
      expect((await b.result()).status).toBe('SUCCEEDED');
    });
  });

  it('cancelling a deployment that waits in the queue frees its place; the next one runs', async () => {
    const plans = { cancelling: {} };
    await scenario([step('release')], { plans }, async (tools) => {
      const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
      const firstRunning = tools.held(first, 'release');
      const a = await tools.deploy({ deploymentId: first, environment: 'cancelling' });
      await firstRunning;
      const b = await tools.deploy({ deploymentId: second, environment: 'cancelling' });
      const c = await tools.deploy({ deploymentId: third, environment: 'cancelling' });
      await waitFor(async () => (await gateView('cancelling'))?.waiting.length === 2);
      await b.cancel();
      expect(await b.result()).toMatchObject({
        status: 'CANCELLED',
        reason: 'cancelled before any step ran',
      });
      tools.finish(first);
      expect((await a.result()).status).toBe('SUCCEEDED');
      expect((await c.result()).status).toBe('SUCCEEDED');
    });
  });

  it('frees an environment whose deployment was terminated by hand: the next one runs after the holder check', async () => {
    // A soak step holds the environment without an activity running (one would stop the test server's clock).
    const soak: StepSpec = { name: 'soak', type: 'wait', duration: 3_600_000 };
    await scenario([soak], { plans: { terminated: {} } }, async (tools) => {
      const [first, second] = [randomUUID(), randomUUID()];
      const a = await tools.deploy({ deploymentId: first, environment: 'terminated' });
      await tools.reached(first, 'STEP_STARTED');
      const b = await tools.deploy({ deploymentId: second, environment: 'terminated' });
      await waitFor(async () => (await gateView('terminated'))?.waiting.includes(second) ?? false);
      await a.terminate('stuck, terminated by an operator');
      // The gate's next check of its holders comes within 5 minutes (skipped here).
      await env.sleep('6 minutes');
      expect(await gateView('terminated')).toMatchObject({ running: second, waiting: [] });
      expect((await b.result()).status).toBe('SUCCEEDED');
    });
  });

  it('a release promotes the same artifact development → staging → production (approved), built once', async () => {
    const releaseEnvironments: ReleaseEnvironment[] = [
      { name: 'development', auto: { branches: ['main'], tags: [] } },
      { name: 'staging', after: 'development' },
      { name: 'production', after: 'staging' },
      { name: 'preview', auto: { branches: ['feature/*'], tags: [] } },
    ];
    await scenario(
      [step('release')],
      { releaseEnvironments, plans: { production: approval() } },
      async (tools) => {
        const release = await env.client.workflow.start(releaseWorkflow, {
          taskQueue: TASK_QUEUES.deploy,
          workflowId: releaseWorkflowId('hello', COMMIT.sha),
          args: [
            {
              project: { name: 'hello', repositoryUrl: '/srv/git/hello' },
              ref: 'refs/heads/main',
              actor: 'alex',
              trigger: { type: 'push', ref: 'refs/heads/main' },
              promote: true,
            },
          ],
        });
        const waiting = await waitFor(() => {
          const event = tools.world.recorded.find((item) => item.body.type === 'APPROVAL_REQUESTED');
          return event?.deploymentId ?? null;
        });
        await env.client.workflow
          .getHandle(deploymentWorkflowId(waiting))
          .executeUpdate(approveUpdate, { args: [admin('root')] });
        const outcome = await release.result();
        expect(outcome.deployments.map((item) => [item.environment, item.status])).toEqual([
          ['development', 'SUCCEEDED'],
          ['staging', 'SUCCEEDED'],
          ['production', 'SUCCEEDED'],
        ]);
        expect(tools.world.builds).toBe(1);
        expect(new Set(outcome.deployments.map((item) => item.artifact?.digest))).toEqual(
          new Set(['d'.repeat(64)]),
        );
        const triggers = tools.world.recorded
          .filter((event) => event.body.type === 'DEPLOYMENT_QUEUED')
          .map((event) => (event.body.type === 'DEPLOYMENT_QUEUED' ? event.body.trigger : null));
        expect(triggers).toEqual([
          { type: 'push', ref: 'refs/heads/main' },
          { type: 'promotion', after: 'development', deploymentId: outcome.deployments[0]?.deploymentId },
          { type: 'promotion', after: 'staging', deploymentId: outcome.deployments[1]?.deploymentId },
        ]);
      },
    );
  });

  it('promotes as soon as a deployment ends, while GitHub has not yet taken its report', async () => {
    const releaseEnvironments: ReleaseEnvironment[] = [
      { name: 'development', auto: { branches: ['main'], tags: [] } },
      { name: 'staging', after: 'development' },
    ];
    let answerGitHub: () => void = () => undefined;
    const successReportsWait = new Promise<void>((resolve) => (answerGitHub = resolve));
    // Should promotion wait for GitHub after all, GitHub answers after 30 s and the test fails below.
    const safety = setTimeout(() => answerGitHub(), 30_000);
    await scenario([step('release')], { releaseEnvironments, successReportsWait }, async (tools) => {
      const release = await env.client.workflow.start(releaseWorkflow, {
        taskQueue: TASK_QUEUES.deploy,
        workflowId: releaseWorkflowId('hello', `slow-github-${randomUUID()}`),
        args: [
          {
            project: {
              name: 'hello',
              repositoryUrl: '/srv/git/hello',
              vcs: { provider: 'github', repository: 'acme/hello' },
            },
            ref: 'refs/heads/main',
            actor: 'alex',
            trigger: { type: 'push', ref: 'refs/heads/main' },
            promote: true,
          },
        ],
      });
      // Staging deploys while development's success is still on its way to GitHub.
      const staging = await waitFor(() => {
        const queued = tools.world.recorded.find(
          (event) => event.body.type === 'DEPLOYMENT_QUEUED' && event.body.environment === 'staging',
        );
        return queued?.deploymentId ?? null;
      });
      await tools.reached(staging, 'DEPLOYMENT_SUCCEEDED');
      const development = tools.world.recorded.find(
        (event) => event.body.type === 'DEPLOYMENT_QUEUED' && event.body.environment === 'development',
      )!.deploymentId;
      const { status } = await env.client.workflow.getHandle(deploymentWorkflowId(development)).describe();
      expect(status.name).toBe('RUNNING');

      clearTimeout(safety);
      answerGitHub();
      const outcome = await release.result();
      expect(outcome.deployments.map((item) => [item.environment, item.status])).toEqual([
        ['development', 'SUCCEEDED'],
        ['staging', 'SUCCEEDED'],
      ]);
      expect(tools.world.reports.map(({ environment, state }) => `${environment}: ${state}`).sort()).toEqual([
        'development: in_progress',
        'development: queued',
        'development: success',
        'staging: in_progress',
        'staging: queued',
        'staging: success',
      ]);
    });
  });

  it('a push skips the environments where the commit was rolled back, and does not promote a failure', async () => {
    const releaseEnvironments: ReleaseEnvironment[] = [
      { name: 'development', auto: { branches: ['main'], tags: [] } },
      { name: 'qa', auto: { branches: ['main'], tags: [] } },
      { name: 'staging', after: 'qa' },
    ];
    await scenario(
      [step('release'), step('verify')],
      { releaseEnvironments, badEnvironments: ['development'], failStep: 'verify' },
      async () => {
        const outcome = await env.client.workflow.execute(releaseWorkflow, {
          taskQueue: TASK_QUEUES.deploy,
          workflowId: releaseWorkflowId('hello', `skip-${randomUUID()}`),
          args: [
            {
              project: { name: 'hello', repositoryUrl: '/srv/git/hello' },
              ref: 'refs/heads/main',
              actor: 'alex',
              trigger: { type: 'push', ref: 'refs/heads/main' },
              promote: true,
            },
          ],
        });
        expect(outcome.deployments.map((item) => [item.environment, item.status])).toEqual([
          ['qa', 'ROLLED_BACK'],
        ]);
      },
    );
  });

  describe('notifications', () => {
    const forDeployment = (world: World, deploymentId: string) =>
      world.deliveries
        .filter((delivery) => delivery.key.startsWith(deploymentId))
        .map(({ activity, kind, status }) => `${activity} ${kind} ${status}`);

    it('a rolled-back deployment is one Slack message, one thread reply and one email: nothing twice', async () => {
      const result = await run([step('migrate'), step('verify')], { failStep: 'verify', route: ROUTE });
      expect(result.outcome.status).toBe('ROLLED_BACK');
      expect(
        result.deliveries.map(({ activity, kind, status }) => `${activity} ${kind} ${status}`).sort(),
      ).toEqual([
        'postToSlack ROLLED_BACK ROLLED_BACK',
        'replyInSlack FAILURE_DETAILS ROLLED_BACK',
        'sendEmail ROLLED_BACK ROLLED_BACK',
      ]);
    });

    it('posts one Slack message when approval is required and keeps it current to the end; a success stays out of email', async () => {
      await scenario(
        [step('release')],
        { plans: { production: approval() }, route: ROUTE },
        async (tools) => {
          const handle = await tools.deploy();
          const id = handle.workflowId.replace('deployment-', '');
          await tools.reached(id, 'APPROVAL_REQUESTED');
          await handle.executeUpdate(approveUpdate, { args: [admin('root')] });
          expect((await handle.result()).status).toBe('SUCCEEDED');
          await tools.notified(id);
          const said = forDeployment(tools.world, id);
          expect(said.find((line) => line.startsWith('postToSlack'))).toBe(
            'postToSlack APPROVAL_REQUIRED WAITING_APPROVAL',
          );
          expect(said).toContain('sendEmail APPROVAL_REQUIRED WAITING_APPROVAL');
          expect(said.filter((line) => line.startsWith('postToSlack'))).toHaveLength(1);
          expect(said.filter((line) => line.startsWith('sendEmail'))).toHaveLength(1);
          // The message is rewritten, newest card last, and ends showing the success.
          const updates = tools.world.deliveries.filter(
            (delivery) => delivery.key.startsWith(id) && delivery.activity === 'updateInSlack',
          );
          expect(updates.map((update) => update.revision)).toEqual(
            [...updates.map((update) => update.revision)].sort((a, b) => a - b),
          );
          expect(updates.at(-1)?.status).toBe('SUCCEEDED');
          expect(said).not.toContain(expect.stringMatching(/^replyInSlack/));
        },
      );
    });

    it('never holds a deployment up: it ends while Slack has not taken the first message, which then catches up in one update', async () => {
      let answerSlack = (): void => undefined;
      const slack = new Promise<void>((resolve) => {
        answerSlack = resolve;
      });
      const safety = setTimeout(answerSlack, 60_000);
      try {
        await scenario(
          [step('migrate'), step('verify')],
          { failStep: 'verify', slack, route: { ...ROUTE, events: ['STARTED', ...ROUTE.events] } },
          async (tools) => {
            const handle = await tools.deploy();
            const id = handle.workflowId.replace('deployment-', '');
            expect((await handle.result()).status).toBe('ROLLED_BACK');
            expect(forDeployment(tools.world, id)).not.toContain(expect.stringMatching(/Slack/));
            answerSlack();
            await tools.notified(id);
            expect(forDeployment(tools.world, id).filter((line) => line.includes('Slack'))).toEqual([
              'postToSlack STARTED RUNNING',
              'updateInSlack UPDATE ROLLED_BACK',
              'replyInSlack FAILURE_DETAILS ROLLED_BACK',
            ]);
          },
        );
      } finally {
        clearTimeout(safety);
      }
    });

    it('once back from an outage, emails what still matters: not a start that is already over, but the failure', async () => {
      let answerRoute = (): void => undefined;
      const routeAnswered = new Promise<void>((resolve) => {
        answerRoute = resolve;
      });
      const safety = setTimeout(answerRoute, 60_000);
      const route = { ...ROUTE, slackChannels: [], events: ['STARTED' as const, 'FAILED' as const] };
      try {
        await scenario([step('release')], { failStep: 'release', route, routeAnswered }, async (tools) => {
          const handle = await tools.deploy();
          const id = handle.workflowId.replace('deployment-', '');
          expect((await handle.result()).status).toBe('FAILED');
          answerRoute();
          await tools.notified(id);
          expect(forDeployment(tools.world, id)).toEqual(['sendEmail FAILED FAILED']);
        });
      } finally {
        clearTimeout(safety);
      }
    });

    it('a Slack channel that refuses for good fails nothing: the deployment ends as it would, the email goes', async () => {
      const result = await run([step('migrate'), step('verify')], {
        failStep: 'verify',
        slack: 'down',
        route: ROUTE,
      });
      expect(result.outcome.status).toBe('ROLLED_BACK');
      expect(result.deliveries.map(({ activity, kind }) => `${activity} ${kind}`)).toEqual([
        'sendEmail ROLLED_BACK',
      ]);
    });

    it('tells nobody anything when nobody asked, and the deployment does not notice', async () => {
      const result = await run([step('release')], { failStep: 'release', route: null });
      expect(result.outcome.status).toBe('FAILED');
      expect(result.deliveries).toEqual([]);
    });

    it('says a deployment is queued behind the one holding the environment, naming it', async () => {
      const route = { ...ROUTE, events: ['QUEUED' as const] };
      await scenario([step('release')], { route }, async (tools) => {
        const [first, second] = [randomUUID(), randomUUID()];
        const firstRunning = tools.held(first, 'release');
        const a = await tools.deploy({ deploymentId: first, environment: 'busy' });
        await firstRunning;
        const b = await tools.deploy({ deploymentId: second, environment: 'busy' });
        await tools.reached(second, 'QUEUED_BEHIND');
        expect(tools.world.recorded.find((event) => event.body.type === 'QUEUED_BEHIND')).toMatchObject({
          deploymentId: second,
          body: { type: 'QUEUED_BEHIND', behind: first },
        });
        tools.finish(first);
        expect((await a.result()).status).toBe('SUCCEEDED');
        expect((await b.result()).status).toBe('SUCCEEDED');
        await Promise.all([tools.notified(first), tools.notified(second)]);
        expect(forDeployment(tools.world, first)).toEqual([]);
        expect(forDeployment(tools.world, second)).toEqual(
          expect.arrayContaining(['postToSlack QUEUED QUEUED', 'sendEmail QUEUED QUEUED']),
        );
      });
    });

    it('gathers emails for a digest when the environment asks for one, and tells the authors of a success', async () => {
      const route = {
        ...ROUTE,
        events: ['SUCCEEDED' as const],
        slackChannels: [],
        emailDigestMinutes: 60,
        notifyAuthors: true,
      };
      const result = await run([step('release')], { route });
      expect(result.deliveries.map(({ activity, kind }) => `${activity} ${kind}`).sort()).toEqual([
        'addToDigest SUCCEEDED',
        'tellAuthors ARRIVAL',
      ]);
    });
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

/** Polls until the check gives something other than false or null. */
async function waitFor<T>(check: () => T | Promise<T>): Promise<Exclude<T, false | null>> {
  for (;;) {
    const value = await check();
    if (value !== false && value !== null) return value as Exclude<T, false | null>;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
