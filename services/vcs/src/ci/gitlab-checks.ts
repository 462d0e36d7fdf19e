import { callGitLab, type GitLabClient } from '@slipway/hosts';
import type { CommitChecks } from '@slipway/temporal';
import { BUILD_STATUS_CONTEXT, summarize, type CheckOutcome } from './checks';

/** The fields of a pipeline (GET /projects/:id/pipelines) the gate reads. */
export interface GitLabPipeline {
  id: number;
  status: string;
  web_url: string;
}

/** The fields of a job (GET /projects/:id/pipelines/:pipeline_id/jobs) the gate reads. */
export interface GitLabJob {
  name: string;
  status: string;
  allow_failure: boolean;
  web_url: string;
}

const FAILED = new Set(['failed', 'canceled']);
/** A skipped job (its rules left it out) lets a deployment go, as a skipped GitHub check run does. */
const GREEN_JOB = new Set(['success', 'skipped']);

/** The latest pipeline of the commit on GitLab and its jobs, as the CI gate sees them. */
export async function gitLabCommitChecks(
  client: GitLabClient,
  repository: string,
  sha: string,
  names?: string[],
): Promise<CommitChecks> {
  const [pipeline] = await callGitLab(() =>
    client.Pipelines.all(repository, { sha, orderBy: 'id', sort: 'desc', perPage: 1, maxPages: 1 }),
  );
  if (pipeline === undefined) return evaluateGitLabPipeline(null, [], names);
  const jobs = await callGitLab(() => client.Jobs.all(repository, { pipelineId: pipeline.id, perPage: 100 }));
  return evaluateGitLabPipeline(pipeline, jobs, names);
}

/**
 * The pipeline decides (GitLab already lets allowed failures pass); with `names`, those jobs do. A
 * failed pipeline names its first failed job, or itself when no job failed (a canceled pipeline). No
 * pipeline yet is pending. Slipway's own build status (GitLab shows it as a job) is not CI.
 */
export function evaluateGitLabPipeline(
  pipeline: GitLabPipeline | null,
  jobs: GitLabJob[],
  names?: string[],
): CommitChecks {
  const outcomes = jobs
    .filter((job) => job.name !== BUILD_STATUS_CONTEXT)
    .map((job): CheckOutcome => ({
      name: job.name,
      state: GREEN_JOB.has(job.status) ? 'success' : FAILED.has(job.status) ? 'failure' : 'pending',
      url: job.web_url,
    }));
  // A pipeline holding nothing but Slipway's own status is not CI having run.
  if (names !== undefined || pipeline === null || outcomes.length === 0) return summarize(outcomes, names);
  const pending = outcomes.filter((job) => job.state === 'pending').map((job) => job.name);
  if (pipeline.status === 'success') return { state: 'success', pending: [] };
  if (!FAILED.has(pipeline.status)) return { state: 'pending', pending };
  const failedJob = jobs.find((job) => job.status === 'failed' && !job.allow_failure);
  return {
    state: 'failure',
    pending,
    failed: failedJob
      ? { name: failedJob.name, url: failedJob.web_url }
      : { name: `pipeline #${pipeline.id}`, url: pipeline.web_url },
  };
}
