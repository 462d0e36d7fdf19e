import type { CommitChecks } from '@slipway/temporal';

/** The commit status Slipway itself posts for its build: never a check the CI gate waits for. */
export const BUILD_STATUS_CONTEXT = 'slipway/build';

/** One check run, status or job, reduced to what the gate decides on. */
export interface CheckOutcome {
  name: string;
  state: 'pending' | 'success' | 'failure';
  url: string | null;
}

/**
 * The CI of a commit from its checks: failed as soon as one failed, green once every one passed,
 * pending otherwise. With `names`, only those count, and one not reported yet is pending; without,
 * a commit nothing was reported for is pending too (its CI may not have started).
 */
export function summarize(outcomes: CheckOutcome[], names?: string[]): CommitChecks {
  const counted = names === undefined ? outcomes : outcomes.filter((outcome) => names.includes(outcome.name));
  const failed = counted.find((outcome) => outcome.state === 'failure');
  const unreported = (names ?? []).filter((name) => !counted.some((outcome) => outcome.name === name));
  const pending = [
    ...new Set([
      ...counted.filter((outcome) => outcome.state === 'pending').map((outcome) => outcome.name),
      ...unreported,
    ]),
  ];
  if (failed) return { state: 'failure', pending, failed: { name: failed.name, url: failed.url } };
  if (pending.length > 0 || counted.length === 0) return { state: 'pending', pending };
  return { state: 'success', pending: [] };
}
