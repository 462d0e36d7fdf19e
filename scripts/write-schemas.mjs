// npm run schema: refreshes the published schemas (both checked in, both checked by tests).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './lib/tools.mjs';

const require = createRequire(import.meta.url);
const { pipelineSpecJsonSchema } = require(join(ROOT, 'libs', 'domain'));
writeFileSync(
  join(ROOT, 'libs', 'domain', 'pipeline-spec.schema.json'),
  `${JSON.stringify(pipelineSpecJsonSchema(), null, 2)}\n`,
);
execFileSync(process.execPath, [join(ROOT, 'gateway', 'dist', 'print-schema.js'), '--write'], {
  stdio: 'inherit',
});
