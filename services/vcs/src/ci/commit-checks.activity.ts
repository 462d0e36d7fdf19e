import { hostFailure, type GitHubClient, type GitLabClient } from '@slipway/hosts';
import type { VcsActivities } from '@slipway/temporal';
import { ApplicationFailure } from '@temporalio/activity';
import { gitHubCommitChecks } from './github-checks';
import { gitLabCommitChecks } from './gitlab-checks';

/** The hosts the vcs service may read CI from: null where it has no credentials. */
export interface CiHosts {
  github: GitHubClient | null;
  gitlab: GitLabClient | null;
}

/** The `commitChecks` activity: the CI of a commit on the project's connected repository. */
export function commitChecksActivity(hosts: CiHosts): VcsActivities['commitChecks'] {
  return async (project, sha, names) => {
    const vcs = project.vcs;
    if (vcs === undefined) {
      throw ApplicationFailure.nonRetryable(
        `project ${project.name} is not connected to a GitHub or GitLab repository`,
        'NotConnected',
      );
    }
    try {
      switch (vcs.provider) {
        case 'github':
          if (hosts.github === null)
            throw notConfigured('GitHub', 'GITHUB_TOKEN or the GITHUB_APP_* variables');
          return await gitHubCommitChecks(hosts.github, vcs.repository, sha, names);
        case 'gitlab':
          if (hosts.gitlab === null) throw notConfigured('GitLab', 'GITLAB_TOKEN');
          return await gitLabCommitChecks(hosts.gitlab, vcs.repository, sha, names);
      }
    } catch (error) {
      throw hostFailure(error);
    }
  };
}

function notConfigured(host: string, variables: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(
    `the vcs service cannot read CI from ${host}: set ${variables}`,
    'HostNotConfigured',
  );
}
