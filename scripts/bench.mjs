// npm run bench -- NAME [args]: builds, starts PostgreSQL and Temporal like the tests do, runs bench/src/NAME.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import globalSetup from './lib/jest-global-setup.mjs';
import globalTeardown from './lib/jest-global-teardown.mjs';
import { build, ensureDependencies, log, ROOT } from './lib/tools.mjs';

const [name, ...args] = process.argv.slice(2);
const available = readdirSync(join(ROOT, 'bench', 'src'))
  .filter((file) => file.endsWith('.ts') && !['percentiles.ts', 'stack.ts'].includes(file))
  .map((file) => file.replace(/\.ts$/, ''));
if (!name || !available.includes(name)) {
  log(`usage: npm run bench -- NAME [args]; NAME is one of: ${available.join(', ')}`);
  process.exit(2);
}
ensureDependencies();
if (process.env.SLIPWAY_SKIP_BUILD !== '1' || !existsSync(join(ROOT, 'bench', 'dist'))) build();
await globalSetup();
const result = spawnSync(process.execPath, [join(ROOT, 'bench', 'dist', `${name}.js`), ...args], {
  stdio: 'inherit',
});
await globalTeardown();
process.exit(result.status ?? 1);
