import { autoTriggerMatches } from '@slipway/domain/rules';
import type {
  DeploymentInput,
  DeploymentOutcome,
  ReleaseEnvironment,
  ReleaseInput,
  ReleaseOutcome,
  ReleaseTarget,
} from '@slipway/temporal';
import { deploymentWorkflowId } from '@slipway/temporal';
import {
  condition,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { audit, planning, vcs } from './activity-proxies';
import { deploymentEndedSignal, deploymentWorkflow } from './deployment.workflow';
import { repositoryOf } from './repository';

/**
 * One commit on its way through the environments. The first deployments are the ones asked for (or,
 * for a push, the environments whose `auto` rule matches the ref and where the commit was not rolled
 * back); each that succeeds promotes the same commit and artifact, never rebuilt, to the environments
 * that come `after` it.
 */
export async function releaseWorkflow(input: ReleaseInput): Promise<ReleaseOutcome> {
  // How each deployment ended, as it tells us before it waits for its reports to GitHub/GitLab.
  const ended = new Map<string, DeploymentOutcome>();
  setHandler(deploymentEndedSignal, (outcome) => {
    ended.set(outcome.deploymentId, outcome);
  });
  let commit = input.commit ?? null;
  let environments: ReleaseEnvironment[] | null = null;
  let targets: ReleaseTarget[];
  if (input.targets) {
    targets = input.targets;
  } else {
    commit ??= await vcs.resolveCommit(repositoryOf(input.project), input.ref);
    environments = await planning.planRelease(input.project, commit);
    const bad = await audit.badEnvironments(input.project.name, commit.sha);
    targets = environments
      .filter((environment) => autoTriggerMatches(environment.auto, input.ref))
      .filter((environment) => !bad.includes(environment.name))
      .map((environment) => ({ environment: environment.name, deploymentId: uuid4() }));
  }

  const outcomes: DeploymentOutcome[] = [];
  const deploy = async (target: ReleaseTarget, extra: Partial<DeploymentInput>): Promise<void> => {
    const child = await startChild(deploymentWorkflow, {
      workflowId: deploymentWorkflowId(target.deploymentId),
      // A deployment is never killed with its release: it finishes, or undoes itself, on its own.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [
        {
          deploymentId: target.deploymentId,
          project: input.project,
          environment: target.environment,
          ref: input.ref,
          actor: input.actor,
          trigger: input.trigger,
          ...(input.freezeOverride === undefined ? {} : { freezeOverride: input.freezeOverride }),
          ...(commit === null ? {} : { commit }),
          ...(input.artifact === undefined ? {} : { artifact: input.artifact }),
          ...extra,
        },
      ],
      memo: { release: workflowInfo().workflowId },
    });
    // Releases started before deployments told their outcome wait for the deployment's end.
    const outcome = patched('outcome-from-deployment')
      ? await Promise.race([
          child.result(),
          condition(() => ended.has(target.deploymentId)).then(() => ended.get(target.deploymentId)!),
        ])
      : await child.result();
    outcomes.push(outcome);
    if (!input.promote || outcome.status !== 'SUCCEEDED' || !outcome.commit || !outcome.artifact) return;
    environments ??= await planning.planRelease(input.project, outcome.commit);
    const next = environments.filter((environment) => environment.after === outcome.environment);
    await Promise.all(
      next.map((environment) =>
        deploy(
          { environment: environment.name, deploymentId: uuid4() },
          {
            trigger: { type: 'promotion', after: outcome.environment, deploymentId: outcome.deploymentId },
            commit: outcome.commit!,
            artifact: outcome.artifact!,
            // An override was given for the environment asked for, not for the ones after it.
            freezeOverride: undefined,
          },
        ),
      ),
    );
  };
  await Promise.all(targets.map((target) => deploy(target, {})));
  return { commit, deployments: outcomes };
}
