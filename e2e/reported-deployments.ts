import type { DeploymentInput, DeploymentOutcome, EnvironmentQueue, PauseScope } from '@slipway/temporal';
import {
  DEPLOYMENT_WORKFLOW,
  deploymentWorkflowId,
  ENVIRONMENT_GATE_ID,
  GATE_MESSAGES,
  TASK_QUEUES,
} from '@slipway/temporal';
import {
  commitFiles,
  createGitRepository,
  createTestDatabase,
  scratchDir,
  startServices,
  testTemporalAddress,
  type ServiceName,
  type ServiceProcess,
  type TestDatabase,
} from '@slipway/testing';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PUBLIC_URL = 'https://slipway.example.com';
export const ENVIRONMENT_URL = 'https://dev.shop.example.com';

/** A one-environment (development) project connected to a hosted repository `acme/<name>`. */
export interface ReportedProject {
  name: string;
  path: string;
  sha: string;
  provider: 'github' | 'gitlab';
}

/**
 * The real stack (runner, audit, vcs and notifications as processes, Temporal and PostgreSQL) with a
 * provider stand-in in GitHub's or GitLab's place, for the e2e specs of what the provider is told.
 */
export class ReportingStack {
  private constructor(
    readonly database: TestDatabase,
    private readonly client: Client,
    private readonly services: Map<ServiceName, ServiceProcess>,
  ) {}

  static async start(providerEnv: Record<string, string>): Promise<ReportingStack> {
    const database = await createTestDatabase();
    const services = await startServices(['audit', 'vcs', 'notifications', 'runner'], {
      TEMPORAL_ADDRESS: testTemporalAddress(),
      DATABASE_URL: database.url,
      SLIPWAY_HOME: scratchDir('reported-deployments-home'),
      SLIPWAY_PUBLIC_URL: PUBLIC_URL,
      ...providerEnv,
    });
    const client = new Client({ connection: await Connection.connect({ address: testTemporalAddress() }) });
    return new ReportingStack(database, client, services);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.services.values()].map((service) => service.stop()));
    await this.client.connection.close();
    await this.database.close();
  }

  /** What the vcs service printed: for assertions on its start-up lines. */
  vcsOutput(): string {
    return this.services.get('vcs')?.output() ?? '';
  }

  /**
   * A new git repository whose development environment (supersede, with a URL) runs `steps`, built by
   * the `build` command when one is given.
   */
  project(provider: ReportedProject['provider'], steps: string, build?: string): ReportedProject {
    const name = `shop-${randomUUID().slice(0, 8)}`;
    const path = join(scratchDir('repo'), name);
    const sha = createGitRepository(path, { '.slipway.yml': spec(steps, build) });
    return { name, path, sha, provider };
  }

  /** A new commit on the project's main: another build, another deployment. */
  commit(project: ReportedProject, steps: string): ReportedProject {
    return { ...project, sha: commitFiles(project.path, { '.slipway.yml': spec(steps) }, 'Another change') };
  }

  async start(project: ReportedProject, id: string = randomUUID()): Promise<WorkflowHandle> {
    const input: DeploymentInput = {
      deploymentId: id,
      project: {
        name: project.name,
        repositoryUrl: project.path,
        vcs: { provider: project.provider, repository: `acme/${project.name}` },
      },
      environment: 'development',
      ref: 'refs/heads/main',
      actor: 'ada',
      trigger: { type: 'push', ref: 'refs/heads/main' },
    };
    return this.client.workflow.start(DEPLOYMENT_WORKFLOW, {
      taskQueue: TASK_QUEUES.deploy,
      workflowId: deploymentWorkflowId(id),
      args: [input],
    });
  }

  async deploy(project: ReportedProject): Promise<{ id: string; outcome: DeploymentOutcome }> {
    const id = randomUUID();
    const handle = await this.start(project, id);
    return { id, outcome: (await handle.result()) as DeploymentOutcome };
  }

  /** The project's development queue as the environment gate sees it. */
  async queueOf(project: ReportedProject): Promise<EnvironmentQueue | undefined> {
    const queues = await this.client.workflow
      .getHandle(ENVIRONMENT_GATE_ID)
      .query<EnvironmentQueue[], [PauseScope]>(GATE_MESSAGES.queue, {
        project: project.name,
        environment: 'development',
      });
    return queues[0];
  }

  async reportRow(deploymentId: string): Promise<unknown> {
    const rows = await this.database.dataSource.query<unknown[]>(
      `SELECT provider, repository, environment, last_state, last_error FROM vcs_reports WHERE deployment_id = $1`,
      [deploymentId],
    );
    return rows[0];
  }
}

/** A step that runs until the test calls `release()`: holds the environment while others queue. */
export function heldStep(): { steps: string; release(): void } {
  const file = join(scratchDir('hold'), 'release');
  return {
    steps: `      - name: release\n        run: while [ ! -f ${file} ]; do sleep 0.1; done\n`,
    release: () => writeFileSync(file, ''),
  };
}

export const RELEASE_STEP = '      - name: release\n        run: echo released\n';

export const FAILING_STEPS = [
  '      - name: migrate',
  '        run: echo migrated',
  '        rollback: echo unmigrated',
  '      - name: verify',
  '        run: exit 1',
  '',
].join('\n');

function spec(steps: string, build?: string): string {
  return [
    'version: 1',
    ...(build === undefined ? [] : ['build:', '  steps:', '    - name: compile', `      run: ${build}`]),
    'environments:',
    '  - name: development',
    `    url: ${ENVIRONMENT_URL}`,
    '    concurrency: supersede',
    '    steps:',
    steps,
  ].join('\n');
}

export async function waitUntil(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
