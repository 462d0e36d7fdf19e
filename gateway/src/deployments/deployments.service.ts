import {
  DeploymentEntity,
  DeploymentEventEntity,
  EnvironmentReleaseEntity,
  ProjectEntity,
  ReleaseEntity,
  StepLogEntity,
} from '@slipway/db';
import { isTerminal, type DeploymentEventBody } from '@slipway/domain';
import { listDeployments } from '@slipway/history';
import {
  projectRefOf,
  DEPLOYMENT_MESSAGES,
  DEPLOYMENT_RECORDED_UPDATE,
  deploymentWorkflowId,
  RELEASE_WORKFLOW,
  releaseWorkflowId,
  TASK_QUEUES,
  type ApprovalActor,
  type ReleaseInput,
} from '@slipway/temporal';
import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationFailure,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityTarget } from 'typeorm';
import { authorize, canSee, rolesIn, visibleProjects, type Principal } from '../auth/principal';
import { apiError } from '../common/errors';
import { isUuid, validated } from '../common/validation';
import { DATA_SOURCE, TEMPORAL_CLIENT } from '../common/injection-tokens';
import {
  decisionCommentSchema,
  deployInputSchema,
  promoteInputSchema,
  rollbackInputSchema,
  type DeployInput,
  type PromoteInput,
  type RollbackInput,
} from './deploy.input';
import type { DeploymentConnectionModel } from './deployment-connection.model';
import { decodeCursor, encodeCursor } from './deployment-cursor';
import { deploymentFilterSchema, type DeploymentFilter } from './deployment-filter.input';
import type { DeploymentEventModel, DeploymentModel, StepLogLineModel } from './deployment.model';
import type { PendingApprovalModel } from './pending-approval.model';
import { readApprovalRequests } from './approval-request-loader';
import { couldApprove } from './pending-approvals';

const RECORD_DEADLINE_MS = 15_000;
export const MAX_DEPLOYMENT_PAGE = 100;

/** Commands go to Temporal; reads come from the audit service's read models. */
@Injectable()
export class DeploymentsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async find(id: string): Promise<DeploymentModel | null> {
    if (!isUuid(id)) return null;
    return this.dataSource.getRepository(DeploymentEntity).findOneBy({ id });
  }

  /** The deployment, or null when it does not exist or is in a project the principal may not see. */
  async findVisible(id: string, principal: Principal): Promise<DeploymentModel | null> {
    const found = await this.find(id);
    return found && canSee(principal, found.project) ? found : null;
  }

  /**
   * A page of the deployments the principal may see, newest first, from the keyset walk of
   * @slipway/history: rows queued while a client pages never make it skip or repeat one.
   */
  async page(
    principal: Principal,
    filter: DeploymentFilter | null | undefined,
    first: number,
    after: string | null | undefined,
  ): Promise<DeploymentConnectionModel> {
    if (first < 1 || first > MAX_DEPLOYMENT_PAGE) {
      throw apiError('BAD_USER_INPUT', `first must be between 1 and ${MAX_DEPLOYMENT_PAGE}`, {
        field: 'first',
      });
    }
    const cursor = after === null || after === undefined ? null : decodeCursor(after);
    if (after !== null && after !== undefined && !cursor) {
      throw apiError('BAD_USER_INPUT', 'after must be an endCursor this API returned', { field: 'after' });
    }
    const checked = validated(deploymentFilterSchema, filter ?? {});
    const page = await listDeployments(
      this.dataSource,
      { ...checked, projects: visibleProjects(principal) },
      first,
      cursor,
    );
    return {
      nodes: page.deployments,
      pageInfo: {
        endCursor: page.endCursor && encodeCursor(page.endCursor),
        hasNextPage: page.hasNextPage,
      },
    };
  }

  /**
   * Deployments waiting for an approval the principal could give, the longest waiting first: in
   * projects they may see, needing a role they hold there, not approved by them yet.
   */
  async pendingApprovals(principal: Principal): Promise<PendingApprovalModel[]> {
    const visible = visibleProjects(principal);
    if (visible?.length === 0) return [];
    const query = this.dataSource
      .getRepository(DeploymentEntity)
      .createQueryBuilder('deployment')
      .where('deployment.status = :status', { status: 'WAITING_APPROVAL' })
      .orderBy('deployment.queuedAt', 'ASC')
      .addOrderBy('deployment.id', 'ASC');
    if (visible) query.andWhere('deployment.project IN (:...visible)', { visible });
    const waiting = await query.getMany();
    if (waiting.length === 0) return [];
    const requests = await readApprovalRequests(
      this.dataSource,
      waiting.map((deployment) => deployment.id),
    );
    return waiting.flatMap((deployment) => {
      const request = requests.get(deployment.id);
      if (!request || !couldApprove(principal, deployment, request)) return [];
      return [{ deployment, ...request, requestedByYou: deployment.actor === principal.name }];
    });
  }

  /** Starts a release of the ref at one environment; success promotes it along the spec's `after`. */
  async deploy(input: DeployInput, principal: Principal): Promise<DeploymentModel> {
    const { project, environment, ref, freezeOverride } = validated(deployInputSchema, input);
    authorize(principal, ['deployer'], { project, environment });
    const deploymentId = randomUUID();
    return this.startRelease(deploymentId, {
      project: await this.projectRef(project),
      ref,
      actor: principal.name,
      trigger: { type: 'manual' },
      targets: [{ environment, deploymentId }],
      promote: true,
      ...(freezeOverride ? { freezeOverride } : {}),
    });
  }

  /**
   * Puts an earlier release back in an environment: its stored artifact deploys again (nothing is
   * rebuilt), and the commit it replaces is marked bad there, so pushes skip it.
   */
  async rollback(input: RollbackInput, principal: Principal): Promise<DeploymentModel> {
    const { project, environment, commitSha } = validated(rollbackInputSchema, input);
    authorize(principal, ['deployer'], { project, environment });
    const projectRef = await this.projectRef(project);
    const release = await this.dataSource.getRepository(ReleaseEntity).findOneBy({ project, commitSha });
    if (!release) {
      throw apiError('NOT_FOUND', `project ${project} has no release of commit ${commitSha}`, {
        field: 'commitSha',
      });
    }
    const replacing = (await this.running(project, environment))?.commitSha ?? null;
    if (replacing === commitSha) {
      throw apiError('CONFLICT', `${environment} already runs ${commitSha.slice(0, 12)}`);
    }
    const deploymentId = randomUUID();
    return this.startRelease(deploymentId, {
      project: projectRef,
      ref: commitSha,
      actor: principal.name,
      trigger: { type: 'rollback', replacing },
      ...releaseToDeploy(release),
      targets: [{ environment, deploymentId }],
      promote: false,
    });
  }

  /**
   * Deploys what runs in one environment to another, from its stored artifact (nothing is rebuilt);
   * success promotes it further along the spec's `after`, as any deployment's does.
   */
  async promote(input: PromoteInput, principal: Principal): Promise<DeploymentModel> {
    const { project, from, to, freezeOverride } = validated(promoteInputSchema, input);
    authorize(principal, ['deployer'], { project, environment: to });
    const projectRef = await this.projectRef(project);
    const source = await this.running(project, from);
    const release =
      source?.commitSha &&
      (await this.dataSource
        .getRepository(ReleaseEntity)
        .findOneBy({ project, commitSha: source.commitSha }));
    if (!source || !release) {
      throw apiError('NOT_FOUND', `nothing has been deployed to ${from} of project ${project} yet`, {
        field: 'from',
      });
    }
    if ((await this.running(project, to))?.commitSha === release.commitSha) {
      throw apiError('CONFLICT', `${to} already runs ${release.commitSha.slice(0, 12)}, as ${from} does`);
    }
    const deploymentId = randomUUID();
    return this.startRelease(deploymentId, {
      project: projectRef,
      ref: release.commitSha,
      actor: principal.name,
      trigger: { type: 'promotion', after: from, deploymentId: source.deploymentId },
      ...releaseToDeploy(release),
      targets: [{ environment: to, deploymentId }],
      promote: true,
      ...(freezeOverride ? { freezeOverride } : {}),
    });
  }

  /** What runs in the environment now, as the audit service keeps it. */
  private running(project: string, environment: string): Promise<EnvironmentReleaseEntity | null> {
    return this.dataSource.getRepository(EnvironmentReleaseEntity).findOneBy({ project, environment });
  }

  /** Approves a deployment waiting for approval; the workflow checks the role and the self-approval rule. */
  async approve(id: string, principal: Principal, comment: string): Promise<DeploymentModel> {
    await this.decide(id, DEPLOYMENT_MESSAGES.approve, principal, comment);
    return this.existing(id, principal);
  }

  async reject(id: string, principal: Principal, comment: string): Promise<DeploymentModel> {
    await this.decide(id, DEPLOYMENT_MESSAGES.reject, principal, comment);
    return this.existing(id, principal);
  }

  /**
   * Sends a decision with the roles the person holds where the deployment lands; the workflow checks
   * them against the environment's approval rule.
   */
  private async decide(id: string, update: string, principal: Principal, comment: string): Promise<void> {
    const deployment = await this.existing(id, principal);
    const scope = { project: deployment.project, environment: deployment.environment };
    authorize(principal, ['deployer'], scope);
    if (deployment.status !== 'WAITING_APPROVAL') {
      throw apiError('CONFLICT', `deployment ${id} is not waiting for approval (${deployment.status})`);
    }
    const actor: ApprovalActor = { name: principal.name, roles: rolesIn(principal, scope) };
    const decision = { actor, comment: validated(decisionCommentSchema, comment) };
    try {
      await this.temporal.workflow
        .getHandle(deploymentWorkflowId(id))
        .executeUpdate(update, { args: [decision] });
    } catch (error) {
      const cause = error instanceof WorkflowUpdateFailedError ? error.cause : null;
      if (cause instanceof ApplicationFailure && (cause.type === 'FORBIDDEN' || cause.type === 'CONFLICT')) {
        throw apiError(cause.type, cause.message);
      }
      throw apiError('UNAVAILABLE', `could not reach Temporal: ${(error as Error).message}`);
    }
  }

  /** A deployment the principal may see; one they may not is as missing as one that never existed. */
  private async existing(id: string, principal: Principal): Promise<DeploymentModel> {
    const deployment = await this.findVisible(id, principal);
    if (!deployment) throw apiError('NOT_FOUND', `deployment ${id} does not exist`);
    return deployment;
  }

  private async projectRef(name: string): Promise<ReleaseInput['project']> {
    const project = await this.dataSource.getRepository(ProjectEntity).findOne({ where: { name } });
    if (!project) throw apiError('NOT_FOUND', `project "${name}" does not exist`, { field: 'project' });
    return projectRefOf(project);
  }

  /**
   * Starts the release workflow and answers once its first deployment is in the log, so the caller can
   * read it back at once (read-your-writes).
   */
  private async startRelease(deploymentId: string, input: ReleaseInput): Promise<DeploymentModel> {
    try {
      await this.temporal.workflow.start(RELEASE_WORKFLOW, {
        taskQueue: TASK_QUEUES.deploy,
        workflowId: releaseWorkflowId(input.project.name, deploymentId),
        args: [input],
      });
    } catch (error) {
      throw apiError('UNAVAILABLE', `could not reach Temporal: ${(error as Error).message}`);
    }
    const deadline = Date.now() + RECORD_DEADLINE_MS;
    const handle = this.temporal.workflow.getHandle(deploymentWorkflowId(deploymentId));
    while (Date.now() < deadline) {
      try {
        await handle.executeUpdate(DEPLOYMENT_RECORDED_UPDATE);
        const deployment = await this.find(deploymentId);
        if (deployment) return deployment;
      } catch (error) {
        // The release starts its deployment a moment after it starts itself.
        if (!(error instanceof WorkflowNotFoundError)) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw apiError(
      'UNAVAILABLE',
      `deployment ${deploymentId} was started but is not recorded yet; are the runner and audit services running?`,
      { deploymentId },
    );
  }

  /** Asks the workflow to stop; it undoes the completed steps first. Answers with the state as of now. */
  async cancel(id: string, principal: Principal): Promise<DeploymentModel> {
    const deployment = await this.existing(id, principal);
    authorize(principal, ['deployer'], { project: deployment.project, environment: deployment.environment });
    if (isTerminal(deployment.status)) {
      throw apiError('CONFLICT', `deployment ${id} has already ended (${deployment.status})`);
    }
    try {
      await this.temporal.workflow.getHandle(deploymentWorkflowId(id)).cancel();
    } catch (error) {
      throw apiError('UNAVAILABLE', `could not reach Temporal: ${(error as Error).message}`);
    }
    return deployment;
  }

  /** Lines the steps printed, oldest first, after the line `afterId`. */
  async logsAfter(deploymentId: string, afterId: string, limit = MAX_LOG_PAGE): Promise<StepLogLineModel[]> {
    const rows = await this.pageAfter(StepLogEntity, deploymentId, afterId, limit);
    return rows.map(({ id, step, attempt, rollback, at, line }) => ({
      id,
      step,
      attempt,
      rollback,
      at,
      line,
    }));
  }

  async hasEnded(deploymentId: string): Promise<boolean> {
    const deployment = await this.dataSource.getRepository(DeploymentEntity).findOneBy({ id: deploymentId });
    return deployment !== null && isTerminal(deployment.status);
  }

  async eventsAfter(deploymentId: string, afterId: string, limit = 200): Promise<DeploymentEventModel[]> {
    return (await this.pageAfter(DeploymentEventEntity, deploymentId, afterId, limit)).map(toEventModel);
  }

  /** One deployment's rows of an append-only table after `afterId`, in the order they were appended. */
  private pageAfter<Row extends { id: string; deploymentId: string }>(
    entity: EntityTarget<Row>,
    deploymentId: string,
    afterId: string,
    limit: number,
  ): Promise<Row[]> {
    return this.dataSource
      .getRepository(entity)
      .createQueryBuilder('row')
      .where('row.deploymentId = :deploymentId', { deploymentId })
      .andWhere('row.id > :afterId', { afterId })
      .orderBy('row.id', 'ASC')
      .limit(limit)
      .getMany();
  }
}

export const MAX_LOG_PAGE = 5000;

/** A stored release as a release workflow takes it: its artifact says what deploys, so only the commit is needed. */
function releaseToDeploy(release: ReleaseEntity): Pick<ReleaseInput, 'commit' | 'artifact'> {
  return {
    commit: { sha: release.commitSha, message: release.commitMessage, author: '', committedAt: '' },
    artifact: { digest: release.artifactDigest, size: release.artifactSize },
  };
}

export function toEventModel(entity: DeploymentEventEntity): DeploymentEventModel {
  return {
    id: entity.id,
    deploymentId: entity.deploymentId,
    sequence: entity.sequence,
    type: entity.type,
    occurredAt: entity.occurredAt,
    step: 'step' in entity.body ? entity.body.step : null,
    detail: eventDetail(entity.body),
  };
}

/** The one line a person reads beside the event's type. */
function eventDetail(body: DeploymentEventBody): string | null {
  if (body.type === 'APPROVAL_GIVEN' || body.type === 'APPROVAL_REJECTED') {
    return body.comment ? `${body.actor}: ${body.comment}` : body.actor;
  }
  if (body.type === 'APPROVAL_REQUESTED') {
    return `${body.approvers} of ${body.roles.join(', ')} until ${body.expiresAt}`;
  }
  if (body.type === 'CI_WAITING') {
    return body.checks.length > 0 ? `waiting for ${body.checks.join(', ')}` : 'waiting for CI to start';
  }
  if (body.type === 'FREEZE_OVERRIDDEN') return `${body.actor} overrode ${body.freeze}: ${body.reason}`;
  if (body.type === 'QUEUED_BEHIND') return `waiting for deployment ${body.behind} to finish`;
  if (body.type === 'ARTIFACT_READY') {
    return `${body.built ? 'built' : 'reused'} sha256:${body.artifactDigest}`;
  }
  if (body.type === 'RELEASE_DIFF_READY') {
    const count = `${body.commits.length}${body.truncated ? '+' : ''} commits`;
    return body.from === null
      ? `${count}, first release`
      : `${count} ${body.direction.toLowerCase()} from ${body.from}`;
  }
  if ('error' in body) return body.error;
  if ('reason' in body) return body.reason;
  return null;
}
