import { temporal } from '@temporalio/proto';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
/** Recorded histories of deploymentWorkflow and its notifications workflow, replayed by the replay test. */
const HISTORIES_DIR = join(__dirname, '..', 'histories');

/**
 * Every history recorded from an earlier version of deploymentWorkflow still replays on the current
 * code. A failure here means a change would break deployments in flight: guard it with patched().
 */
describe('deploymentWorkflow replay', () => {
  const files = readdirSync(HISTORIES_DIR).filter((file) => file.endsWith('.json'));

  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  let bundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./index'),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
    });
  });

  it.each(files)('replays %s without a nondeterminism error', async (file) => {
    const json: unknown = JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8'));
    const history = temporal.api.history.v1.History.fromObject(json as Record<string, unknown>);
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history)).resolves.toBeUndefined();
  });
});
