import { GitMirror, GitRefNotFoundError } from '@slipway/git';
import type { DeploymentReport, VcsActivities } from '@slipway/temporal';
import { ApplicationFailure } from '@temporalio/activity';
import { join } from 'node:path';
import { releaseDiff } from './release-diff';

export interface VcsActivityOptions {
  home: string;
  /** Tells the repository host about a deployment; absent, nothing is reported. */
  reportDeployment?: (report: DeploymentReport) => Promise<void>;
}

export function createVcsActivities({ home, reportDeployment }: VcsActivityOptions): VcsActivities {
  const mirrorsDir = join(home, 'vcs-mirrors');
  return {
    reportDeployment: reportDeployment ?? (() => Promise.resolve()),
    resolveCommit: async (repositoryUrl, ref) => {
      try {
        return await new GitMirror(repositoryUrl, mirrorsDir).resolve(ref);
      } catch (error) {
        throw refNotFound(error);
      }
    },
    releaseDiff: async (repositoryUrl, from, to) => {
      try {
        return await releaseDiff(new GitMirror(repositoryUrl, mirrorsDir), from, to);
      } catch (error) {
        // A commit gone from the repository (a force push) will not come back on a retry.
        throw refNotFound(error);
      }
    },
  };
}

function refNotFound(error: unknown): unknown {
  return error instanceof GitRefNotFoundError
    ? ApplicationFailure.nonRetryable(error.message, 'RefNotFound')
    : error;
}
