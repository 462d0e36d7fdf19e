import { parsePipelineSpecOrThrow } from '@slipway/domain';
import type { StepLogBatch } from '@slipway/events';
import { GitMirror, type RepositorySources } from '@slipway/git';
import type { DeployActivities, StepResult, StepRun } from '@slipway/temporal';
import { createGitRepository, scratchDir, startSshServers, type SshServers } from '@slipway/testing';
import { MockActivityEnvironment } from '@temporalio/testing';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DirectoryArtifactStore } from './artifact-store';
import { createDeployActivities } from './deploy.activities';
import { HostSecretStore } from './secrets';

/** Every repository read with git, mirrored under `mirrorsDir`. */
const gitRepositories =
  (mirrorsDir: string): RepositorySources =>
  ({ repositoryUrl }) =>
    new GitMirror(repositoryUrl, mirrorsDir);

/**
 * The deploy activities as the runner wires them: a step gets the commit's checkout, the artifact, the
 * environment's secrets from the runner's store (masked in what it prints), and an ssh identity that is
 * itself a secret.
 */
describe('deploy activities', () => {
  let servers: SshServers;
  let home: string;
  let batches: StepLogBatch[];
  let run: StepRun;
  let activities: DeployActivities;

  beforeAll(async () => {
    servers = await startSshServers(2);
    home = scratchDir('deploy-activities');
    const repository = join(home, 'repository');
    const sha = createGitRepository(repository, { 'app.txt': 'hello\n' });
    const secrets = join(home, 'secrets');
    mkdirSync(secrets, { recursive: true });
    writeFileSync(join(secrets, 'DEPLOY_KEY'), readFileSync(servers.identityFile), { mode: 0o600 });
    writeFileSync(join(secrets, 'API_TOKEN'), 'tok-3f9a1c\n', { mode: 0o600 });
    const artifacts = new DirectoryArtifactStore(join(home, 'artifacts'));
    const tarball = join(home, 'artifact.tar.gz');
    execFileSync('tar', ['-czf', tarball, '-C', repository, 'app.txt']);
    const artifact = await artifacts.put(tarball);
    batches = [];
    activities = createDeployActivities({
      home,
      repositories: gitRepositories(join(home, 'git')),
      appendStepLogs: (batch) => {
        batches.push(batch);
        return Promise.resolve();
      },
      artifacts,
      secretStore: new HostSecretStore(secrets, {}),
    });
    run = {
      deploymentId: '3d1f0c1e-8a55-4e8b-9f3e-0d2c4b6a8e10',
      project: { name: 'shop', repositoryUrl: repository },
      environment: 'production',
      commit: { sha, message: 'Initial', author: 'Ada', committedAt: '2026-11-26T08:00:00Z' },
      artifact,
      position: 2,
      step: {
        name: 'hosts',
        type: 'ssh',
        hosts: servers.hosts,
        user: servers.user,
        identity: 'DEPLOY_KEY',
        batch: 1,
        run: 'echo "version=$SLIPWAY_VERSION token=$API_TOKEN artifact=$SLIPWAY_ARTIFACT_DIGEST"',
        timeout: 30_000,
      },
      variables: {},
      secrets: { API_TOKEN: 'API_TOKEN' },
    };
  });

  afterAll(() => servers.stop());

  /** As Temporal calls it: inside an activity context. */
  const runStep = (stepRun: StepRun): Promise<StepResult> =>
    new MockActivityEnvironment().run<[StepRun], StepResult, (input: StepRun) => Promise<StepResult>>(
      (input) => activities.runStep(input),
      stepRun,
    );

  it('runs an ssh step with its identity and secrets from the store, never showing a secret', async () => {
    const result = await runStep(run);
    for (const host of servers.hosts) {
      expect(result.output).toContain(
        `[${host}] version=${run.commit.sha} token=*** artifact=${run.artifact.digest}`,
      );
    }
    expect(result.output).not.toContain('tok-3f9a1c');
    const printed = batches.flatMap((batch) => batch.lines.map((line) => line.line));
    expect(printed.some((line) => line.includes('token=***'))).toBe(true);
    expect(printed.join('\n')).not.toContain('tok-3f9a1c');
    expect(batches.every((batch) => batch.step === 2 && !batch.rollback)).toBe(true);
    // The key was written for the step only, and removed after it.
    expect(execFileSync('ls', [join(home, 'workspaces')], { encoding: 'utf8' })).not.toContain(
      'ssh-identity',
    );
  });

  it('fails a step whose secret is missing from the store, naming it, before running anything', async () => {
    const missing = { ...run, secrets: { API_TOKEN: 'NOT_THERE' } };
    await expect(runStep(missing)).rejects.toMatchObject({
      message: "secret NOT_THERE (for API_TOKEN) is not in the runner's secret store",
      nonRetryable: true,
    });
  });

  it('undoes an http step with its rollback call, and only that call', async () => {
    const requests: string[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        requests.push(`${request.method ?? ''} ${request.url ?? ''} ${body}`);
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const step = parsePipelineSpecOrThrow(`version: 1
environments:
  - name: production
    steps:
      - name: paas
        type: http
        url: ${base}/deploy
        body: '{"version": "2"}'
        rollback:
          url: ${base}/rollback
          method: PUT
`).environments[0]!.steps[0]!;
      const undo = (stepRun: StepRun): Promise<StepResult> =>
        new MockActivityEnvironment().run<[StepRun], StepResult, (input: StepRun) => Promise<StepResult>>(
          (input) => activities.rollbackStep(input),
          stepRun,
        );
      const result = await undo({ ...run, step });
      expect(requests).toEqual(['PUT /rollback ']);
      expect(result.output).toBe(`PUT ${base}/rollback → 200\nok`);
    } finally {
      server.close();
    }
  });
});

/** The spec is read where the project keeps it; releases started before projects named a path read .slipway.yml. */
describe('reading the pipeline spec', () => {
  it("reads the pipeline spec from the project's own path, and from .slipway.yml when it names none", async () => {
    const home = scratchDir('spec-path');
    const activities = createDeployActivities({
      home,
      repositories: gitRepositories(join(home, 'git')),
      appendStepLogs: () => Promise.resolve(),
      artifacts: new DirectoryArtifactStore(join(home, 'artifacts')),
      secretStore: new HostSecretStore(join(home, 'secrets'), {}),
    });
    const repository = join(home, 'repository');
    const spec = (name: string) =>
      `version: 1\nenvironments:\n  - name: ${name}\n    steps:\n      - name: say\n        run: echo hi\n`;
    const sha = createGitRepository(repository, {
      '.slipway.yml': spec('default'),
      'deploy/pipeline.yml': spec('nested'),
    });
    const commit = { sha, message: 'First', author: 'Ada', committedAt: '2026-11-26T08:00:00Z' };
    const project = { name: 'nested', repositoryUrl: repository };
    expect(await activities.planRelease({ ...project, specPath: 'deploy/pipeline.yml' }, commit)).toEqual([
      { name: 'nested' },
    ]);
    expect(await activities.planRelease(project, commit)).toEqual([{ name: 'default' }]);
    await expect(
      activities.planRelease({ ...project, specPath: 'missing.yml' }, commit),
    ).rejects.toMatchObject({
      message: expect.stringContaining('missing.yml') as unknown,
      nonRetryable: true,
    });
  });
});
