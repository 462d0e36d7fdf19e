/**
 * What Slipway itself adds to a deployment: the same no-op steps deployed through the whole stack
 * (GraphQL → Temporal → runner → audit → PostgreSQL → graphql-ws), with 1 step and with 5 steps, side by
 * side in one run. Reports the deploy mutation's round trip, the event delivery lag (event time → client)
 * and the orchestration cost per step.
 *
 *   npm run bench -- deploy-latency [deployments per shape, default 20]
 */
import { formatRow, summarize } from './percentiles';
import { startBenchStack, type BenchDeployment } from './stack';

const runs = Number(process.argv[2] ?? 20);

function noopSpec(steps: number): string {
  const lines = ['version: 1', 'environments:', '  - name: bench', '    steps:'];
  for (let index = 0; index < steps; index += 1)
    lines.push(`      - name: step-${index}`, '        run: "true"');
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const stack = await startBenchStack();
  try {
    for (const steps of [1, 5]) await stack.addProject(`noop-${steps}`, { '.slipway.yml': noopSpec(steps) });
    await stack.deploy('noop-1', 'bench'); // warm-up: first git mirror, first bundle load
    const results: Record<number, BenchDeployment[]> = { 1: [], 5: [] };
    for (let index = 0; index < runs; index += 1) {
      for (const steps of [1, 5]) results[steps]!.push(await stack.deploy(`noop-${steps}`, 'bench'));
    }
    const total = (deployment: BenchDeployment) => deployment.events.at(-1)!.occurredAt - deployment.queuedAt;
    const lag = (deployment: BenchDeployment) =>
      deployment.events.at(-1)!.receivedAt - deployment.events.at(-1)!.occurredAt;
    const all = results[1]!.concat(results[5]!);
    console.log(`deploy-latency: ${runs} deployments of each shape, interleaved, same stack\n`);
    console.log(
      formatRow('deploy mutation round trip (until QUEUED)', summarize(all.map((d) => d.mutationMs))),
    );
    console.log(formatRow('final event: occurred → received by client', summarize(all.map(lag))));
    console.log(formatRow('queued → succeeded, 1 no-op step', summarize(results[1]!.map(total))));
    console.log(formatRow('queued → succeeded, 5 no-op steps', summarize(results[5]!.map(total))));
    const one = summarize(results[1]!.map(total)).p50;
    const five = summarize(results[5]!.map(total)).p50;
    console.log(
      `\norchestration cost per extra step (p50 difference / 4): ${((five - one) / 4).toFixed(1)} ms`,
    );
    console.log(`5 steps / 1 step (p50): ${(five / one).toFixed(2)}×`);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
