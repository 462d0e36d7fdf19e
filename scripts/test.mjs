// npm test: installs what is missing, builds, checks types, formatting and lint, then runs every test.
// Extra arguments go to Jest (npm test -- e2e/slice).
import { spawnSync } from 'node:child_process';
import {
  build,
  ensureDependencies,
  ensureChromium,
  ensureDockerCompose,
  ensureOpenSshServer,
  ensureTemporalCli,
  ensureTemporalTestServer,
  log,
  ROOT,
} from './lib/tools.mjs';

function step(name, command, args, { quiet = false, env = {} } = {}) {
  log(name);
  const result = spawnSync(command, args, {
    env: { ...process.env, ...env },
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
    cwd: ROOT,
  });
  if (result.status !== 0) {
    log(`${name} failed`);
    process.exit(result.status ?? 1);
  }
}

ensureDependencies();
ensureTemporalCli();
ensureTemporalTestServer();
ensureDockerCompose();
ensureChromium();
ensureOpenSshServer();
build();
step('type-checking the tests…', 'npx', ['tsc', '-p', 'tsconfig.check.json']);
step('type-checking the web console…', 'npx', ['tsc', '-p', 'web/tsconfig.json']);
step('checking formatting…', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']);
// The module-boundary rule reads Nx's project graph: compute it first, or the rule is skipped.
step('computing the Nx project graph…', 'npx', ['nx', 'show', 'projects'], { quiet: true });
// Type-aware lint holds one TypeScript program per workspace (about 4.4 GB): more than Node's default heap.
step('linting…', 'npx', ['eslint', '--max-warnings', '0', '.'], {
  env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=8192`.trim() },
});
step('running the tests…', 'npx', ['jest', ...process.argv.slice(2)]);
