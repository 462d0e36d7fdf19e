import { DeploymentEntity, DeploymentStepEntity } from '@slipway/db';
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { isUuid } from '../common/validation';
import type { EnvironmentModel } from '../environments/environment.model';
import { projectEnvironments } from '../environments/project-environments';
import { createApprovalRequestLoader } from './approval-request-loader';
import type { ApprovalRequest } from './pending-approvals';
import { createReleaseDiffLoader } from './release-diff-loader';
import type { ReleaseDiffModel } from './release-diff.model';

/**
 * Reads that many fields of one GraphQL operation ask for at once: each batch is one query. Built per
 * operation by the GraphQL context factory. Nothing is cached: a subscription keeps its context for
 * as long as it runs, and each of its events must show the deployment as it is then.
 */
export interface DeploymentLoaders {
  /** A deployment's read model by id; null for an unknown id. */
  deployment: DataLoader<string, DeploymentEntity | null>;
  /** A deployment's steps, in order. */
  steps: DataLoader<string, DeploymentStepEntity[]>;
  /** A deployment's release diff; null until it is known. */
  releaseDiff: DataLoader<string, ReleaseDiffModel | null>;
  /** A project's environments that have had a deployment, in the order it first deployed to them; none for an unknown project. */
  environments: DataLoader<string, EnvironmentModel[]>;
  /** A deployment's latest request for approval, with who approved since; null if none was made. */
  approvalRequest: DataLoader<string, ApprovalRequest | null>;
}

export function createDeploymentLoaders(dataSource: DataSource): DeploymentLoaders {
  return {
    deployment: new DataLoader(
      async (ids) => {
        const wanted = [...new Set(ids)].filter(isUuid);
        const found =
          wanted.length === 0
            ? []
            : await dataSource.getRepository(DeploymentEntity).findBy({ id: In(wanted) });
        const byId = new Map(found.map((deployment) => [deployment.id, deployment]));
        return ids.map((id) => byId.get(id) ?? null);
      },
      { cache: false },
    ),
    steps: new DataLoader(
      async (ids) => {
        const found = await dataSource.getRepository(DeploymentStepEntity).find({
          where: { deploymentId: In([...new Set(ids)]) },
          order: { position: 'ASC' },
        });
        const byDeployment = new Map<string, DeploymentStepEntity[]>();
        for (const step of found) {
          byDeployment.set(step.deploymentId, [...(byDeployment.get(step.deploymentId) ?? []), step]);
        }
        return ids.map((id) => byDeployment.get(id) ?? []);
      },
      { cache: false },
    ),
    releaseDiff: createReleaseDiffLoader(dataSource),
    environments: new DataLoader((projects) => projectEnvironments(dataSource, projects), { cache: false }),
    approvalRequest: createApprovalRequestLoader(dataSource),
  };
}
