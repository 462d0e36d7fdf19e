import { PIPELINE_SPEC_FILE } from '@slipway/domain';
import { GitFileNotFoundError, type RepositorySource } from '@slipway/git';
import type { Commit, PipelineSpecSource, ProjectRef } from '@slipway/temporal';

/**
 * The project's pipeline spec as `commit` holds it, read where the runner reads it (the project's spec
 * path); a commit without that file answers text null, for the caller to say so.
 */
export async function pipelineSpecAt(
  repository: RepositorySource,
  project: ProjectRef,
  commit: Commit,
): Promise<PipelineSpecSource> {
  const path = project.specPath ?? PIPELINE_SPEC_FILE;
  try {
    return { commit, path, text: await repository.readFile(commit.sha, path) };
  } catch (error) {
    if (error instanceof GitFileNotFoundError) return { commit, path, text: null };
    throw error;
  }
}
