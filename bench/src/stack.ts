import { openDatabase, ProjectEntity } from '@slipway/db';
import { createGitRepository, createTestDatabase, freePort, REPO_ROOT, scratchDir } from '@slipway/testing';
import { Connection } from '@temporalio/client';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface ReceivedEvent {
  type: string;
  step: number | null;
  occurredAt: number;
  receivedAt: number;
}

export interface BenchDeployment {
  id: string;
  queuedAt: number;
  mutationMs: number;
  events: ReceivedEvent[];
}

export interface BenchStack {
  home: string;
  /** The stack's own database, made for it on DATABASE_URL's server and dropped when it stops. */
  databaseUrl: string;
  demo: { ports: { development: number } };
  /** A project whose repository holds `files` in one commit; returns its path. */
  addProject(name: string, files: Record<string, string>): Promise<string>;
  /** Deploys through GraphQL and follows the events over graphql-ws until the deployment ends. */
  deploy(project: string, environment: string, ref?: string): Promise<BenchDeployment>;
  stop(): Promise<void>;
}

/** The whole stack through `npm run up`'s own script, on the PostgreSQL and Temporal npm run bench started. */
export async function startBenchStack(): Promise<BenchStack> {
  const home = scratchDir('bench');
  const temporalAddress = process.env.SLIPWAY_TEST_TEMPORAL_ADDRESS;
  if (!process.env.DATABASE_URL || !temporalAddress) {
    throw new Error('run through npm run bench, which starts PostgreSQL and Temporal');
  }
  // Its own database: rows another run (or another stack) left in a shared one stay out of its way.
  const database = await createTestDatabase({ prefix: 'slipway_bench_stack' });
  await database.close();
  const databaseUrl = database.url;
  // And its own Temporal namespace: workflows an earlier part of the bench left on the server (thousands
  // of releases, terminated as visibility lists them) never compete with the stack's for its workers.
  const namespace = await createNamespace(temporalAddress);
  const up = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'up.mjs')], {
    env: {
      ...process.env,
      SLIPWAY_HOME: home,
      SLIPWAY_SKIP_BUILD: '1',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: namespace,
      SLIPWAY_PORT: String(await freePort()),
      SLIPWAY_DEMO_PORT_BASE: String(await freePort()),
      SLIPWAY_WEBHOOK_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  up.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  while (!output.includes('Slipway is up.')) {
    if (up.exitCode !== null) throw new Error(`npm run up exited:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const endpoints = JSON.parse(readFileSync(join(home, 'endpoints.json'), 'utf8')) as {
    graphql: string;
    graphqlWs: string;
    demo: { ports: { development: number } };
  };
  const token = readFileSync(join(home, 'admin-token'), 'utf8').trim();
  const ws: Client = createClient({
    url: endpoints.graphqlWs,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
  });

  return {
    home,
    databaseUrl,
    demo: endpoints.demo,
    addProject: async (name, files) => {
      const repositoryUrl = join(home, 'repos', name);
      createGitRepository(repositoryUrl, files);
      const dataSource = await openDatabase(databaseUrl, 'slipway-bench');
      await dataSource.getRepository(ProjectEntity).save({ name, repositoryUrl });
      await dataSource.destroy();
      return repositoryUrl;
    },
    deploy: async (project, environment, ref = 'main') => {
      const started = performance.now();
      const response = await fetch(endpoints.graphql, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: 'mutation($input: DeployInput!) { deploy(input: $input) { id queuedAt } }',
          variables: { input: { project, environment, ref } },
        }),
      });
      const body = (await response.json()) as {
        data?: { deploy: { id: string; queuedAt: string } };
        errors?: unknown;
      };
      const mutationMs = performance.now() - started;
      if (!body.data) throw new Error(`deploy failed: ${JSON.stringify(body.errors)}`);
      const { id, queuedAt } = body.data.deploy;
      const events: ReceivedEvent[] = [];
      await new Promise<void>((resolve, reject) => {
        ws.subscribe<{ deploymentEvents: { type: string; step: number | null; occurredAt: string } }>(
          {
            query: 'subscription($id: ID!) { deploymentEvents(id: $id) { type step occurredAt } }',
            variables: { id },
          },
          {
            next: ({ data }) => {
              if (!data) return;
              const event = data.deploymentEvents;
              events.push({ ...event, occurredAt: Date.parse(event.occurredAt), receivedAt: Date.now() });
            },
            error: reject,
            complete: resolve,
          },
        );
      });
      return { id, queuedAt: Date.parse(queuedAt), mutationMs, events };
    },
    stop: async () => {
      await ws.dispose();
      up.kill('SIGINT');
      await new Promise((resolve) => up.once('exit', resolve));
      await database.drop();
    },
  };
}

/** A fresh namespace on the bench's Temporal server, once the server serves it. */
async function createNamespace(address: string): Promise<string> {
  const namespace = `bench-${randomBytes(4).toString('hex')}`;
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      // One day, in the protobuf Duration the API takes.
      workflowExecutionRetentionPeriod: { seconds: 86_400 as unknown as Long },
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return namespace;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    await connection.close();
  }
}
