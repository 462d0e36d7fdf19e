import { REPO_ROOT } from '@slipway/testing';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('schema.graphql', () => {
  it('is exactly the schema the resolvers publish (refresh it with npm run schema)', () => {
    const printed = execFileSync(process.execPath, [join(REPO_ROOT, 'gateway', 'dist', 'print-schema.js')], {
      encoding: 'utf8',
    });
    expect(readFileSync(join(REPO_ROOT, 'gateway', 'schema.graphql'), 'utf8')).toBe(printed);
  });
});
