/**
 * The deployment engine against doing the same by hand, measured side by side in one run:
 *  1. a 10-step pipeline of `sleep 0.2` steps through Slipway vs the same 10 commands run one after
 *     another by a plain shell (each in its own bash, as Slipway runs them): ratio and ms per step;
 *  2. a release whose health check fails: time from the failed health check to the previous release
 *     serving again (the demo app under the release step, polled every 10 ms).
 *
 *   npm run bench -- engine [runs, default 5]
 */
import { commitFiles, REPO_ROOT } from '@slipway/testing';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatRow, summarize } from './percentiles';
import { startBenchStack, type BenchDeployment } from './stack';

const runs = Number(process.argv[2] ?? 5);
const STEPS = 10;
const COMMAND = 'sleep 0.2';

function sleepSpec(): string {
  const lines = ['version: 1', 'environments:', '  - name: bench', '    steps:'];
  for (let index = 0; index < STEPS; index += 1)
    lines.push(`      - name: step-${index}`, `        run: ${COMMAND}`);
  return `${lines.join('\n')}\n`;
}

function plainShellMs(): number {
  const started = performance.now();
  for (let index = 0; index < STEPS; index += 1) spawnSync('bash', ['-o', 'pipefail', '-c', COMMAND]);
  return performance.now() - started;
}

const stepsMs = (deployment: BenchDeployment): number => {
  const started = deployment.events.find((event) => event.type === 'DEPLOYMENT_STARTED')!.occurredAt;
  return deployment.events.at(-1)!.occurredAt - started;
};

async function main(): Promise<void> {
  const stack = await startBenchStack();
  try {
    await stack.addProject('sleepy', { '.slipway.yml': sleepSpec() });
    await stack.deploy('sleepy', 'bench'); // warm-up
    const slipway: number[] = [];
    const queuedToDone: number[] = [];
    const shell: number[] = [];
    for (let index = 0; index < runs; index += 1) {
      const deployment = await stack.deploy('sleepy', 'bench');
      if (deployment.events.at(-1)?.type !== 'DEPLOYMENT_SUCCEEDED') throw new Error('the pipeline failed');
      slipway.push(stepsMs(deployment));
      queuedToDone.push(deployment.events.at(-1)!.occurredAt - deployment.queuedAt);
      shell.push(plainShellMs());
    }
    const slipwayP50 = summarize(slipway).p50;
    const shellP50 = summarize(shell).p50;
    console.log(`engine: ${runs} runs of each, interleaved, same machine\n`);
    console.log(formatRow(`plain shell, ${STEPS} × ${COMMAND}`, summarize(shell)));
    console.log(formatRow(`Slipway steps, ${STEPS} × ${COMMAND} (started → done)`, summarize(slipway)));
    console.log(formatRow('Slipway whole deployment (queued → done)', summarize(queuedToDone)));
    console.log(`\nSlipway / plain shell (p50): ${(slipwayP50 / shellP50).toFixed(2)}×`);
    console.log(`orchestration overhead per step (p50): ${((slipwayP50 - shellP50) / STEPS).toFixed(1)} ms`);

    console.log(
      `\n${formatRow('failed health check → previous release serving', summarize(await rollbacks(stack)))}`,
    );
  } finally {
    await stack.stop();
  }
}

/** Deploys a good release, then a broken one whose health check fails; times the way back, per run. */
async function rollbacks(stack: Awaited<ReturnType<typeof startBenchStack>>): Promise<number[]> {
  const demo = join(REPO_ROOT, 'scripts', 'demo', 'hello');
  const port = stack.demo.ports.development + 10;
  const spec = [
    'version: 1',
    'environments:',
    '  - name: development',
    '    variables:',
    `      PORT: ${port}`,
    '      HEALTH_TIMEOUT: 2',
    '    steps:',
    '      - name: release',
    '        type: release',
    '        start: ./deploy/start.sh',
    '      - name: health-check',
    '        run: ./deploy/healthcheck.sh',
    '',
  ].join('\n');
  const server = readFileSync(join(demo, 'server.js'), 'utf8');
  const files = {
    '.slipway.yml': spec,
    'server.js': server,
    ...Object.fromEntries(
      ['lib.sh', 'start.sh', 'healthcheck.sh'].map((name) => [
        `deploy/${name}`,
        readFileSync(join(demo, 'deploy', name), 'utf8'),
      ]),
    ),
  };
  const repository = await stack.addProject('rollback', files);
  const durations: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const good = await stack.deploy('rollback', 'development');
    if (good.events.at(-1)?.type !== 'DEPLOYMENT_SUCCEEDED') throw new Error('the good release failed');
    const goodVersion = await version(port);
    commitFiles(
      repository,
      { 'server.js': `process.env.SLIPWAY_VERSION = 'broken';\n${server}` },
      `broken ${index}`,
    );
    const seen: Array<{ at: number; version: string | null }> = [];
    const polling = { on: true };
    const poller = (async () => {
      while (polling.on) {
        seen.push({ at: Date.now(), version: await version(port) });
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const broken = await stack.deploy('rollback', 'development');
    polling.on = false;
    await poller;
    if (broken.events.at(-1)?.type !== 'DEPLOYMENT_ROLLED_BACK')
      throw new Error('the broken release was not rolled back');
    const failedAt = broken.events.find((event) => event.type === 'STEP_FAILED')!.occurredAt;
    const back = seen.find((poll) => poll.at >= failedAt && poll.version === goodVersion);
    if (!back) throw new Error('the previous release never served again');
    durations.push(back.at - failedAt);
    commitFiles(repository, { 'server.js': server }, `fixed ${index}`);
  }
  return durations;
}

async function version(port: number): Promise<string | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(500) });
    return ((await response.json()) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
