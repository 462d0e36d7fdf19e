import type { ProjectRef } from './activities';

/** A project as it is stored (the projects table's columns that matter to workflows and activities). */
export interface StoredProject {
  name: string;
  repositoryUrl: string;
  specPath: string;
  vcsProvider: 'github' | 'gitlab' | null;
  vcsRepository: string | null;
}

/** The project as workflows and activities take it: its repository, spec path and connected host. */
export function projectRefOf(project: StoredProject): ProjectRef {
  return {
    name: project.name,
    repositoryUrl: project.repositoryUrl,
    specPath: project.specPath,
    // A connected repository is told about each deployment, and read through its provider's API.
    ...(project.vcsProvider && project.vcsRepository
      ? { vcs: { provider: project.vcsProvider, repository: project.vcsRepository } }
      : {}),
  };
}
