import { callGitHub, type GitHubClient } from '@slipway/hosts';
import type { CommitChecks } from '@slipway/temporal';
import { BUILD_STATUS_CONTEXT, summarize, type CheckOutcome } from './checks';

/** The fields of a check run (GET /repos/{o}/{r}/commits/{sha}/check-runs) the gate reads. */
export interface GitHubCheckRun {
  name: string;
  status: string;
  conclusion: string | null;
  html_url: string | null;
  details_url: string | null;
}

/** The fields of one status of the combined status (GET /repos/{o}/{r}/commits/{sha}/status). */
export interface GitHubCommitStatus {
  context: string;
  state: string;
  target_url: string | null;
}

/** Conclusions of a completed check run that let a deployment go; any other one stops it. */
const GREEN_CONCLUSIONS = new Set(['success', 'neutral', 'skipped']);

/** The commit's check runs and statuses on GitHub, as the CI gate sees them. */
export async function gitHubCommitChecks(
  client: GitHubClient,
  repository: string,
  sha: string,
  names?: string[],
): Promise<CommitChecks> {
  const [owner = '', repo = ''] = repository.split('/');
  const runs = await callGitHub(() =>
    client.paginate(client.rest.checks.listForRef, { owner, repo, ref: sha, per_page: 100 }),
  );
  const combined = await callGitHub(() =>
    client.rest.repos.getCombinedStatusForRef({ owner, repo, ref: sha, per_page: 100 }),
  );
  return evaluateGitHubChecks(runs, combined.data.statuses, names);
}

/**
 * Check runs and statuses together, one outcome per name. Slipway's own build status is not CI. Nothing
 * reported yet is pending: CI may not have started.
 */
export function evaluateGitHubChecks(
  runs: GitHubCheckRun[],
  statuses: GitHubCommitStatus[],
  names?: string[],
): CommitChecks {
  const outcomes: CheckOutcome[] = [
    ...runs.map((run): CheckOutcome => {
      const url = run.html_url ?? run.details_url;
      if (run.status !== 'completed' || run.conclusion === null)
        return { name: run.name, state: 'pending', url };
      return { name: run.name, state: GREEN_CONCLUSIONS.has(run.conclusion) ? 'success' : 'failure', url };
    }),
    ...statuses
      .filter((status) => status.context !== BUILD_STATUS_CONTEXT)
      .map((status): CheckOutcome => ({
        name: status.context,
        state:
          status.state === 'success'
            ? 'success'
            : status.state === 'failure' || status.state === 'error'
              ? 'failure'
              : 'pending',
        url: status.target_url,
      })),
  ];
  return summarize(outcomes, names);
}
