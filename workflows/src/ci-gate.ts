import type { CiSpec, DeploymentEventBody, DeploymentStatus } from '@slipway/domain';
import type { CommitChecks, DeploymentInput, VcsActivities } from '@slipway/temporal';
import { DEPLOYMENT_MESSAGES, TASK_QUEUES } from '@slipway/temporal';
import { condition, defineSignal, isCancellation, proxyActivities, setHandler } from '@temporalio/workflow';
import { describeFailure, formatDuration } from './describe';

/** Sent by the vcs service when a webhook says the CI of a commit changed: look again now. */
export const ciChangedSignal = defineSignal(DEPLOYMENT_MESSAGES.ciChanged);

/** Polling is the fallback when no webhook arrives: 15 s, doubling, at most every 5 minutes. */
const FIRST_POLL_MS = 15_000;
const LAST_POLL_MS = 300_000;

/** How the gate ended the deployment: the event that says so, the status and the reason. */
export interface CiGateEnd {
  status: DeploymentStatus;
  event: DeploymentEventBody;
  reason: string;
}

/** The part of the deployment's event log the gate writes to. */
export interface CiEventLog {
  add(body: DeploymentEventBody): void;
  flush(): Promise<void>;
}

/**
 * Reading the CI is retried while the host is unavailable (a rate limit waits as long as the host
 * asks); a refusal (no access, an unknown repository) ends the deployment at once.
 */
const ci = proxyActivities<Pick<VcsActivities, 'commitChecks'>>({
  taskQueue: TASK_QUEUES.vcs,
  startToCloseTimeout: '1m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 10 },
});

/**
 * Waits until the commit's CI is green. Runs before approval, so nobody is asked to approve a red
 * commit. The wait is visible (CI_WAITING, status WAITING_CI); a `ciChanged` signal ends a poll early.
 * Resolves null once CI passed, or with how the deployment ends.
 */
export async function waitForGreenCi(
  input: DeploymentInput,
  sha: string,
  spec: CiSpec,
  log: CiEventLog,
): Promise<CiGateEnd | null> {
  const { project, environment } = input;
  if (project.vcs === undefined) {
    return failed(
      `${environment} requires green CI, but project ${project.name} is not connected to a GitHub or GitLab repository`,
    );
  }
  let changed = false;
  setHandler(ciChangedSignal, () => {
    changed = true;
  });
  const deadline = Date.now() + spec.timeout;
  let pollMs = FIRST_POLL_MS;
  let waiting = false;
  for (;;) {
    changed = false;
    let checks: CommitChecks;
    try {
      checks = await ci.commitChecks(project, sha, spec.checks);
    } catch (error) {
      if (isCancellation(error)) throw error;
      return failed(
        `could not read the CI of ${sha.slice(0, 7)} on ${project.vcs.repository}: ${describeFailure(error)}`,
      );
    }
    if (checks.state === 'success') {
      log.add({ type: 'CI_PASSED' });
      return null;
    }
    if (checks.state === 'failure') {
      const check = checks.failed?.name ?? 'CI';
      const url = checks.failed?.url ?? null;
      const reason = `CI failed: ${check}${url === null ? '' : ` (${url})`}`;
      return { status: 'FAILED', event: { type: 'CI_FAILED', check, url, reason }, reason };
    }
    if (!waiting) {
      waiting = true;
      log.add({ type: 'CI_WAITING', checks: checks.pending });
      await log.flush();
    }
    const left = deadline - Date.now();
    if (left <= 0) return failed(`CI did not finish within ${formatDuration(spec.timeout)}`);
    await condition(() => changed, Math.min(pollMs, left));
    pollMs = Math.min(pollMs * 2, LAST_POLL_MS);
  }
}

function failed(reason: string): CiGateEnd {
  return { status: 'FAILED', event: { type: 'DEPLOYMENT_FAILED', reason }, reason };
}
