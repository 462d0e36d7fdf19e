import { GitMirror, GitRefNotFoundError } from '@slipway/git';
import type { VcsActivities } from '@slipway/temporal';
import { ApplicationFailure } from '@temporalio/activity';
import { join } from 'node:path';

export function createVcsActivities({ home }: { home: string }): VcsActivities {
  const mirrorsDir = join(home, 'vcs-mirrors');
  return {
    resolveCommit: async (repositoryUrl, ref) => {
      try {
        return await new GitMirror(repositoryUrl, mirrorsDir).resolve(ref);
      } catch (error) {
        if (error instanceof GitRefNotFoundError) {
          throw ApplicationFailure.nonRetryable(error.message, 'RefNotFound');
        }
        throw error;
      }
    },
  };
}
