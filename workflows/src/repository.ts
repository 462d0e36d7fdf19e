import type { ProjectRef } from '@slipway/temporal';
import { patched } from '@temporalio/workflow';

/**
 * What the vcs activities are asked to read: the project, so its connected host's API can serve it; a
 * workflow that ran these activities before with the repository URL alone (read with git) keeps doing so.
 */
export function repositoryOf(project: ProjectRef): ProjectRef | string {
  return patched('repository-source') ? project : project.repositoryUrl;
}
