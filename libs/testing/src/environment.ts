import { createServer, type AddressInfo } from 'node:net';
import { chmodSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the tests with npm test (Jest's global setup sets it)`);
  return value;
}

/** The Temporal dev server started once for the whole run. */
export const testTemporalAddress = (): string => required('SLIPWAY_TEST_TEMPORAL_ADDRESS');

/** The time-skipping test server binary (installed under .tools/, never downloaded by the SDK). */
export const temporalTestServerPath = (): string => required('SLIPWAY_TEMPORAL_TEST_SERVER');

/** A fresh folder under the run's scratch space, removed when the run ends. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(required('SLIPWAY_TEST_SCRATCH'), `${prefix}-`));
  // Reachable by the postgres user, which runs an embedded PostgreSQL under it when we are root.
  chmodSync(dir, 0o755);
  return dir;
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
