import {
  DeploymentCommitEntity,
  DeploymentEntity,
  DeploymentEventEntity,
  EnvironmentReleaseEntity,
  ReleaseDiffEntity,
  StepLogEntity,
} from '@slipway/db';
import type { DeploymentInput, DeploymentOutcome } from '@slipway/temporal';
import { DEPLOYMENT_WORKFLOW, deploymentWorkflowId, TASK_QUEUES } from '@slipway/temporal';
import {
  commitFiles,
  createGitRepository,
  createTestDatabase,
  scratchDir,
  startService,
  startServices,
  type ServiceName,
  testTemporalAddress,
  type ServiceProcess,
  type TestDatabase,
} from '@slipway/testing';
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The deployment workflow on a real Temporal dev server, with every service running as its own
 * process (runner, audit, vcs, notifications) against a real PostgreSQL database.
 */
describe('deployment workflow', () => {
  let database: TestDatabase;
  let home: string;
  let client: Client;
  let env: Record<string, string>;
  let services = new Map<ServiceName, ServiceProcess>();

  beforeAll(async () => {
    database = await createTestDatabase();
    home = scratchDir('home');
    env = {
      TEMPORAL_ADDRESS: testTemporalAddress(),
      DATABASE_URL: database.url,
      SLIPWAY_HOME: home,
      LOG_LEVEL: 'info',
    };
    // The failing project's failures are emailed to the team (written to the outbox: no SMTP_HOST).
    await database.dataSource.query(
      `INSERT INTO notification_settings (project, environment, events, slack_channels, email_recipients, updated_by)
       VALUES ('failing-third', '*', '{ROLLED_BACK}', '{}', '{team@example.com}', 'test')`,
    );
    services = await startServices(['audit', 'vcs', 'notifications', 'runner'], env);
    client = new Client({ connection: await Connection.connect({ address: testTemporalAddress() }) });
  });

  afterAll(async () => {
    await Promise.all([...services.values()].map((service) => service.stop()));
    await client.connection.close();
    await database.close();
  });

  function journalSpec(steps: Array<{ name: string; run: string; rollback?: string }>): string {
    const lines = ['version: 1', 'environments:', '  - name: development', '    steps:'];
    for (const step of steps) {
      lines.push(`      - name: ${step.name}`, `        run: ${JSON.stringify(step.run)}`);
      if (step.rollback) lines.push(`        rollback: ${JSON.stringify(step.rollback)}`);
    }
    return `${lines.join('\n')}\n`;
  }

  const journalStep = (name: string, run = `echo ${name} >> "$SLIPWAY_TARGET_DIR/journal"`) => ({
    name,
    run,
    rollback: `echo undo-${name} >> "$SLIPWAY_TARGET_DIR/journal"`,
  });

  async function deploy(
    project: string,
    spec: string,
  ): Promise<{ id: string; outcome: Promise<DeploymentOutcome> }> {
    const repositoryUrl = join(scratchDir('repo'), project);
    createGitRepository(repositoryUrl, { '.slipway.yml': spec, 'README.md': `# ${project}\n` });
    return start(project, repositoryUrl);
  }

  async function start(
    project: string,
    repositoryUrl: string,
  ): Promise<{ id: string; outcome: Promise<DeploymentOutcome> }> {
    const id = randomUUID();
    const input: DeploymentInput = {
      deploymentId: id,
      project: { name: project, repositoryUrl },
      environment: 'development',
      ref: 'main',
      actor: 'ada',
      trigger: { type: 'manual' },
    };
    const handle = await client.workflow.start(DEPLOYMENT_WORKFLOW, {
      taskQueue: TASK_QUEUES.deploy,
      workflowId: deploymentWorkflowId(id),
      args: [input],
    });
    return { id, outcome: handle.result() as Promise<DeploymentOutcome> };
  }

  const journal = (project: string): string[] => {
    const path = join(home, 'targets', project, 'development', 'journal');
    return existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n') : [];
  };

  async function waitForStep(id: string, name: string, status: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = await database.dataSource
        .getRepository(DeploymentEntity)
        .findOne({ where: { id }, relations: { steps: true } });
      if (found?.steps.some((step) => step.name === name && step.status === status)) return;
      if (Date.now() > deadline) throw new Error(`step ${name} never became ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const readDeployment = (id: string) =>
    database.dataSource
      .getRepository(DeploymentEntity)
      .findOneOrFail({ where: { id }, relations: { steps: true }, order: { steps: { position: 'ASC' } } });

  const eventTypes = async (id: string): Promise<string[]> =>
    (
      await database.dataSource
        .getRepository(DeploymentEventEntity)
        .find({ where: { deploymentId: id }, order: { sequence: 'ASC' } })
    ).map((event) => event.type);

  it('runs three shell steps in order and records the deployment as SUCCEEDED', async () => {
    const { id, outcome } = await deploy(
      'three-steps',
      journalSpec([journalStep('one'), journalStep('two'), journalStep('three')]),
    );

    await expect(outcome).resolves.toMatchObject({ status: 'SUCCEEDED', reason: null });
    expect(journal('three-steps')).toEqual(['one', 'two', 'three']);
    const deployment = await readDeployment(id);
    expect(deployment.status).toBe('SUCCEEDED');
    expect(deployment.actor).toBe('ada');
    expect(deployment.commitSha).toMatch(/^[0-9a-f]{40}$/);
    expect(deployment.steps.map((step) => [step.name, step.status])).toEqual([
      ['one', 'SUCCEEDED'],
      ['two', 'SUCCEEDED'],
      ['three', 'SUCCEEDED'],
    ]);
    expect(await eventTypes(id)).toEqual([
      'DEPLOYMENT_QUEUED',
      'ARTIFACT_READY',
      'RELEASE_DIFF_READY',
      'DEPLOYMENT_STARTED',
      ...['one', 'two', 'three'].flatMap(() => ['STEP_STARTED', 'STEP_SUCCEEDED']),
      'DEPLOYMENT_SUCCEEDED',
    ]);
  });

  it('records what each deployment brings: the first commit, then the commits since the running one', async () => {
    const repositoryUrl = join(scratchDir('repo'), 'diffed');
    const before = createGitRepository(repositoryUrl, { '.slipway.yml': journalSpec([journalStep('one')]) });
    const first = await start('diffed', repositoryUrl);
    await expect(first.outcome).resolves.toMatchObject({ status: 'SUCCEEDED' });
    const login = commitFiles(repositoryUrl, { 'login.html': '<form>\n' }, 'Add the login form (#12)');
    const second = await start('diffed', repositoryUrl);
    await expect(second.outcome).resolves.toMatchObject({ status: 'SUCCEEDED' });

    expect(await eventTypes(second.id)).toContain('RELEASE_DIFF_READY');
    const diffs = database.dataSource.getRepository(ReleaseDiffEntity);
    const commits = database.dataSource.getRepository(DeploymentCommitEntity);
    expect(await diffs.findOneBy({ deploymentId: first.id })).toMatchObject({
      fromSha: null,
      direction: 'FIRST',
      truncated: false,
    });
    expect(await commits.findBy({ deploymentId: first.id })).toMatchObject([
      { position: 0, sha: before, message: 'First commit', pullRequest: null },
    ]);
    expect(await diffs.findOneBy({ deploymentId: second.id })).toMatchObject({
      fromSha: before,
      direction: 'FORWARD',
      truncated: false,
    });
    const brought = await commits.findBy({ deploymentId: second.id });
    expect(brought).toMatchObject([
      {
        position: 0,
        sha: login,
        message: 'Add the login form (#12)',
        author: 'Ada Tester <ada@example.com>',
        pullRequest: 12,
      },
    ]);
    expect(brought[0]?.committedAt).toBeInstanceOf(Date);
  });

  it('deploys without a release diff when the running commit is gone from the repository', async () => {
    const repositoryUrl = join(scratchDir('repo'), 'rewritten');
    createGitRepository(repositoryUrl, { '.slipway.yml': journalSpec([journalStep('one')]) });
    // The environment runs a commit a force push has since removed.
    await database.dataSource.getRepository(EnvironmentReleaseEntity).save({
      project: 'rewritten',
      environment: 'development',
      deploymentId: randomUUID(),
      ref: 'main',
      commitSha: 'e'.repeat(40),
      commitMessage: 'Rewritten away',
      artifactDigest: null,
      actor: 'ada',
      deployedAt: new Date(),
      previousDeploymentId: null,
      previousCommitSha: null,
      previousDeployedAt: null,
    });
    const { id, outcome } = await start('rewritten', repositoryUrl);
    await expect(outcome).resolves.toMatchObject({ status: 'SUCCEEDED' });
    expect(journal('rewritten')).toEqual(['one']);
    expect(await eventTypes(id)).not.toContain('RELEASE_DIFF_READY');
    expect(
      await database.dataSource.getRepository(ReleaseDiffEntity).findOneBy({ deploymentId: id }),
    ).toBeNull();
  });

  it('rolls back steps 2 then 1 when step 3 fails, and ends ROLLED_BACK with the reason', async () => {
    const { id, outcome } = await deploy(
      'failing-third',
      journalSpec([
        journalStep('one'),
        journalStep('two'),
        journalStep('three', 'echo checking the release; echo "port 80 refused" >&2; exit 3'),
      ]),
    );

    const result = await outcome;
    expect(result.status).toBe('ROLLED_BACK');
    expect(result.reason).toContain('three failed');
    expect(result.reason).toContain('exited with code 3');
    expect(journal('failing-third')).toEqual(['one', 'two', 'undo-two', 'undo-one']);
    const deployment = await readDeployment(id);
    expect(deployment.status).toBe('ROLLED_BACK');
    expect(deployment.steps.map((step) => [step.name, step.status])).toEqual([
      ['one', 'ROLLED_BACK'],
      ['two', 'ROLLED_BACK'],
      ['three', 'FAILED'],
    ]);
    expect(deployment.steps[2]?.output).toContain('port 80 refused');
    expect(await eventTypes(id)).toEqual([
      'DEPLOYMENT_QUEUED',
      'ARTIFACT_READY',
      'RELEASE_DIFF_READY',
      'DEPLOYMENT_STARTED',
      'STEP_STARTED',
      'STEP_SUCCEEDED',
      'STEP_STARTED',
      'STEP_SUCCEEDED',
      'STEP_STARTED',
      'STEP_FAILED',
      'ROLLBACK_STARTED',
      'STEP_ROLLBACK_STARTED',
      'STEP_ROLLED_BACK',
      'STEP_ROLLBACK_STARTED',
      'STEP_ROLLED_BACK',
      'DEPLOYMENT_ROLLED_BACK',
    ]);
    // The email goes once the notifications workflow has the last event: soon after, never before.
    let sent: Array<{ response: string }> = [];
    const deadline = Date.now() + 30_000;
    while (sent.length === 0 && Date.now() < deadline) {
      sent = await database.dataSource.query<Array<{ response: string }>>(
        `SELECT response FROM notification_deliveries WHERE key = $1 AND state = 'SENT'`,
        [`${id}/email/ROLLED_BACK`],
      );
      if (sent.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const file = /^written to (.+\.eml)$/.exec(sent[0]?.response ?? '')?.[1];
    expect(file).toBeDefined();
    const email = await simpleParser(readFileSync(file!));
    expect(email.to).toMatchObject({ text: 'team@example.com' });
    expect(email.subject).toBe('[Slipway] failing-third → development ROLLED BACK at three');
  });

  it('streams what a step prints while it runs, not only when it ends', async () => {
    const { id, outcome } = await deploy(
      'chatty',
      journalSpec([{ name: 'talk', run: 'echo first line; sleep 2; echo second line' }]),
    );
    const deadline = Date.now() + 30_000;
    let linesWhileRunning: string[] = [];
    while (linesWhileRunning.length === 0) {
      if (Date.now() > deadline) throw new Error('no output arrived while the step ran');
      const running = await database.dataSource
        .getRepository(DeploymentEntity)
        .findOne({ where: { id }, relations: { steps: true } });
      const lines = await database.dataSource
        .getRepository(StepLogEntity)
        .find({ where: { deploymentId: id }, order: { id: 'ASC' } });
      if (running?.steps[0]?.status === 'RUNNING') {
        linesWhileRunning = lines.filter((line) => line.step === 0).map((line) => line.line);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(linesWhileRunning).toEqual(['first line']);
    await expect(outcome).resolves.toMatchObject({ status: 'SUCCEEDED' });
    const all = await database.dataSource
      .getRepository(StepLogEntity)
      .find({ where: { deploymentId: id }, order: { id: 'ASC' } });
    // The build's output comes first, at position -1, before the steps'.
    expect(all[0]?.step).toBe(-1);
    expect(all.at(-3)?.line).toMatch(/^artifact sha256:[0-9a-f]{64} \(\d+ bytes\)$/);
    expect(
      all.slice(-2).map(({ step, attempt, rollback, line }) => ({ step, attempt, rollback, line })),
    ).toEqual([
      { step: 0, attempt: 1, rollback: false, line: 'first line' },
      { step: 0, attempt: 1, rollback: false, line: 'second line' },
    ]);
  });

  it('cancels a running shell step, kills what it started, undoes the steps before it and ends CANCELLED', async () => {
    const { id, outcome } = await deploy(
      'cancelled',
      journalSpec([
        journalStep('one'),
        journalStep(
          'two',
          'echo started >> "$SLIPWAY_TARGET_DIR/journal"; sleep 60; echo two >> "$SLIPWAY_TARGET_DIR/journal"',
        ),
        journalStep('three'),
      ]),
    );
    await waitForStep(id, 'two', 'RUNNING');
    await client.workflow.getHandle(deploymentWorkflowId(id)).cancel();

    await expect(outcome).resolves.toMatchObject({ status: 'CANCELLED', reason: 'cancelled during two' });
    expect(journal('cancelled')).toEqual(['one', 'started', 'undo-one']);
    const deployment = await readDeployment(id);
    expect(deployment.steps.map((step) => step.status)).toEqual(['ROLLED_BACK', 'CANCELLED', 'PENDING']);
  });

  it('finishes a deployment whose runner was killed in the middle of a step', async () => {
    const { id, outcome } = await deploy(
      'killed-runner',
      journalSpec([
        journalStep('one'),
        journalStep('two', 'sleep 3 && echo two >> "$SLIPWAY_TARGET_DIR/journal"'),
        journalStep('three'),
      ]),
    );
    await waitForStep(id, 'two', 'RUNNING');
    const runner = services.get('runner')!;
    runner.child.kill('SIGKILL');
    await runner.exited;
    services.set('runner', await startService('runner', env));

    await expect(outcome).resolves.toMatchObject({ status: 'SUCCEEDED' });
    const deployment = await readDeployment(id);
    expect(deployment.steps.map((step) => step.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(journal('killed-runner')).toEqual(expect.arrayContaining(['one', 'two', 'three']));
    expect(journal('killed-runner').at(-1)).toBe('three');
  });
});

/** The Subject header of a raw message, its RFC 2047 encoded words decoded. */
