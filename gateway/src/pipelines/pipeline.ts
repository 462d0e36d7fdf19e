import { parsePipelineSpec, type EnvironmentSpec } from '@slipway/domain';
import type { PipelineSpecSource } from '@slipway/temporal';
import type { PipelineEnvironmentModel, PipelineModel } from './pipeline.model';

/** The pipeline a commit declares, as GraphQL shows it: the spec parsed, or its problems at their lines. */
export function pipelineOf(ref: string, { commit, path, text }: PipelineSpecSource): PipelineModel {
  const read = { ref, commitSha: commit.sha, commitMessage: commit.message || null, path, text };
  if (text === null) return { ...read, valid: false, problems: [], environments: [] };
  const parsed = parsePipelineSpec(text, path);
  if (!parsed.ok) {
    return {
      ...read,
      valid: false,
      problems: parsed.problems.map(({ line, column, path: where, message }) => ({
        line,
        column,
        path: where,
        message,
      })),
      environments: [],
    };
  }
  return { ...read, valid: true, problems: [], environments: parsed.spec.environments.map(environmentOf) };
}

function environmentOf(environment: EnvironmentSpec): PipelineEnvironmentModel {
  const { name, auto, after, approval, ci, freeze, steps, url } = environment;
  return {
    name,
    auto: auto ? { branches: auto.branches, tags: auto.tags } : null,
    after: after ?? null,
    approval: approval
      ? {
          roles: approval.roles,
          approvers: approval.approvers,
          allowSelfApproval: approval.allowSelfApproval,
          timeoutMs: approval.timeout,
        }
      : null,
    ci: ci ? { required: ci.required, timeoutMs: ci.timeout, checks: ci.checks ?? null } : null,
    freeze: freeze.map((window) => ({ name: window.name, cron: window.cron, durationMs: window.duration })),
    steps: steps.map((step) => ({ name: step.name, type: step.type })),
    url: url ?? null,
  };
}
