/** A project's connected repository, as the Project type gives it. */
export interface ProjectRepository {
  vcsProvider: string | null;
  vcsRepository: string | null;
}

/** Where a commit and a pull (or merge) request of the repository can be opened. */
export interface RepositoryLinks {
  commit(sha: string): string;
  pullRequest(number: number): string;
  /** How the host writes a request's number: #12 on GitHub, !12 (a merge request) on GitLab. */
  pullRequestLabel(number: number): string;
}

/** Links into github.com or gitlab.com for a connected repository; null when none is connected. */
export function repositoryLinks(project: ProjectRepository | null | undefined): RepositoryLinks | null {
  if (!project?.vcsRepository) return null;
  const path = project.vcsRepository.split('/').map(encodeURIComponent).join('/');
  switch (project.vcsProvider) {
    case 'github':
      return {
        commit: (sha) => `https://github.com/${path}/commit/${sha}`,
        pullRequest: (number) => `https://github.com/${path}/pull/${number}`,
        pullRequestLabel: (number) => `#${number}`,
      };
    case 'gitlab':
      return {
        commit: (sha) => `https://gitlab.com/${path}/-/commit/${sha}`,
        pullRequest: (number) => `https://gitlab.com/${path}/-/merge_requests/${number}`,
        pullRequestLabel: (number) => `!${number}`,
      };
    case null:
    default:
      return null;
  }
}
