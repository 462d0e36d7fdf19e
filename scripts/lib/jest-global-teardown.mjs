import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  for (const resource of (globalThis.__slipwayTestInfra ?? []).reverse()) await resource.stop();
  if (process.env.SLIPWAY_TEST_SCRATCH) {
    rmSync(process.env.SLIPWAY_TEST_SCRATCH, { recursive: true, force: true, maxRetries: 3 });
  }
}
