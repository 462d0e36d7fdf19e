import type { RepositorySources } from '@slipway/git';
import { repositoryFailure } from '@slipway/hosts';
import type { BuildReport, DeploymentReport, ProjectRef, VcsActivities } from '@slipway/temporal';
import { commitChecksActivity } from './ci/commit-checks.activity';
import { pipelineSpecAt } from './pipeline-spec';
import { releaseDiff } from './release-diff';

export interface VcsActivityOptions {
  /** Where a project's repository is read: its host's API, or git. */
  repositories: RepositorySources;
  /** Tells the repository host about a deployment; absent, nothing is reported. */
  reportDeployment?: (report: DeploymentReport) => Promise<void>;
  /** Shows a build as a commit status on the repository host; absent, nothing is reported. */
  reportBuild?: (report: BuildReport) => Promise<void>;
  /** Reads a commit's CI from GitHub or GitLab; absent, no host is configured and reading CI fails. */
  commitChecks?: VcsActivities['commitChecks'];
}

export function createVcsActivities({
  repositories,
  reportDeployment,
  reportBuild,
  commitChecks,
}: VcsActivityOptions): VcsActivities {
  // A bare URL comes from a workflow started before projects were passed: it is read with git, as then.
  const sourceOf = (project: ProjectRef | string) =>
    repositories(typeof project === 'string' ? { repositoryUrl: project } : project);
  const resolveCommit: VcsActivities['resolveCommit'] = async (project, ref) => {
    try {
      return await sourceOf(project).resolve(ref);
    } catch (error) {
      throw repositoryFailure(error);
    }
  };
  return {
    reportDeployment: reportDeployment ?? (() => Promise.resolve()),
    reportBuild: reportBuild ?? (() => Promise.resolve()),
    commitChecks: commitChecks ?? commitChecksActivity({ github: null, gitlab: null }),
    resolveCommit,
    pipelineSpec: async (project, ref) => {
      const commit = await resolveCommit(project, ref);
      try {
        return await pipelineSpecAt(sourceOf(project), project, commit);
      } catch (error) {
        throw repositoryFailure(error);
      }
    },
    releaseDiff: async (project, from, to) => {
      try {
        return await releaseDiff(sourceOf(project), from, to);
      } catch (error) {
        // A commit gone from the repository (a force push) will not come back on a retry.
        throw repositoryFailure(error);
      }
    },
  };
}
