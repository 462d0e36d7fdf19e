/**
 * What Slipway itself adds to a deployment: the same no-op steps deployed through the whole stack
 * (GraphQL → Temporal → runner → audit → PostgreSQL → graphql-ws), with 1 step and with 5 steps, side by
 * side in one run. Reports the deploy mutation's round trip, the event delivery lag (event time → client)
 * and the orchestration cost per step.
 *
 *   npm run bench -- deploy-latency [deployments per shape, default 20]
 */
import { openDatabase, ProjectEntity } from '@slipway/db';
import { createGitRepository, freePort, REPO_ROOT, scratchDir } from '@slipway/testing';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { formatRow, summarize } from './percentiles';

interface Endpoints {
  graphql: string;
  graphqlWs: string;
}

const runs = Number(process.argv[2] ?? 20);

function noopSpec(steps: number): string {
  const lines = ['version: 1', 'environments:', '  - name: bench', '    steps:'];
  for (let index = 0; index < steps; index += 1)
    lines.push(`      - name: step-${index}`, '        run: "true"');
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const home = scratchDir('bench');
  const databaseUrl = process.env.DATABASE_URL;
  const temporalAddress = process.env.SLIPWAY_TEST_TEMPORAL_ADDRESS;
  if (!databaseUrl || !temporalAddress)
    throw new Error('run through npm run bench, which starts PostgreSQL and Temporal');
  const up = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'up.mjs')], {
    env: {
      ...process.env,
      SLIPWAY_HOME: home,
      SLIPWAY_SKIP_BUILD: '1',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      SLIPWAY_PORT: String(await freePort()),
      SLIPWAY_DEMO_PORT_BASE: String(await freePort()),
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
  try {
    const endpoints = JSON.parse(readFileSync(join(home, 'endpoints.json'), 'utf8')) as Endpoints;
    const token = readFileSync(join(home, 'admin-token'), 'utf8').trim();
    const dataSource = await openDatabase(databaseUrl, 'slipway-bench');
    for (const steps of [1, 5]) {
      const repositoryUrl = join(home, `noop-${steps}`);
      createGitRepository(repositoryUrl, { '.slipway.yml': noopSpec(steps) });
      await dataSource.getRepository(ProjectEntity).save({ name: `noop-${steps}`, repositoryUrl });
    }
    await dataSource.destroy();
    const ws = createClient({
      url: endpoints.graphqlWs,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
    });

    const deployOnce = async (project: string) => {
      const started = performance.now();
      const response = await fetch(endpoints.graphql, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: 'mutation($input: DeployInput!) { deploy(input: $input) { id queuedAt } }',
          variables: { input: { project, environment: 'bench', ref: 'main' } },
        }),
      });
      const body = (await response.json()) as {
        data?: { deploy: { id: string; queuedAt: string } };
        errors?: unknown;
      };
      const mutationMs = performance.now() - started;
      if (!body.data) throw new Error(`deploy failed: ${JSON.stringify(body.errors)}`);
      const lags: number[] = [];
      let last = '';
      let lastOccurredAt = 0;
      await new Promise<void>((resolve, reject) => {
        ws.subscribe<{ deploymentEvents: { type: string; occurredAt: string } }>(
          {
            query: 'subscription($id: ID!) { deploymentEvents(id: $id) { type occurredAt } }',
            variables: { id: body.data!.deploy.id },
          },
          {
            next: ({ data }) => {
              if (!data) return;
              last = data.deploymentEvents.type;
              lastOccurredAt = Date.parse(data.deploymentEvents.occurredAt);
              lags.push(Date.now() - lastOccurredAt);
            },
            error: reject,
            complete: resolve,
          },
        );
      });
      if (last !== 'DEPLOYMENT_SUCCEEDED') throw new Error(`deployment ended ${last}`);
      const totalMs = lastOccurredAt - Date.parse(body.data.deploy.queuedAt);
      return { mutationMs, totalMs, liveLagMs: lags.at(-1) ?? NaN };
    };

    await deployOnce('noop-1'); // warm-up: first git mirror, first bundle load
    const results: Record<number, Array<Awaited<ReturnType<typeof deployOnce>>>> = { 1: [], 5: [] };
    for (let index = 0; index < runs; index += 1) {
      for (const steps of [1, 5]) results[steps]!.push(await deployOnce(`noop-${steps}`));
    }
    await ws.dispose();

    const one = results[1]!;
    const five = results[5]!;
    console.log(`deploy-latency: ${runs} deployments of each shape, interleaved, same stack\n`);
    console.log(
      formatRow(
        'deploy mutation round trip (until QUEUED)',
        summarize(one.concat(five).map((r) => r.mutationMs)),
      ),
    );
    console.log(
      formatRow(
        'final event: occurred → received by client',
        summarize(one.concat(five).map((r) => r.liveLagMs)),
      ),
    );
    console.log(formatRow('queued → succeeded, 1 no-op step', summarize(one.map((r) => r.totalMs))));
    console.log(formatRow('queued → succeeded, 5 no-op steps', summarize(five.map((r) => r.totalMs))));
    const p50 = (values: number[]) => summarize(values).p50;
    const perStep = (p50(five.map((r) => r.totalMs)) - p50(one.map((r) => r.totalMs))) / 4;
    console.log(`\norchestration cost per extra step (p50 difference / 4): ${perStep.toFixed(1)} ms`);
    console.log(
      `5 steps / 1 step (p50): ${(p50(five.map((r) => r.totalMs)) / p50(one.map((r) => r.totalMs))).toFixed(2)}×`,
    );
  } finally {
    up.kill('SIGINT');
    await new Promise((resolve) => up.once('exit', resolve));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
