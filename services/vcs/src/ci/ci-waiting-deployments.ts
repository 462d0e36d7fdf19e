import { DeploymentEntity } from '@slipway/db';
import type { Logger } from '@slipway/service';
import { DEPLOYMENT_MESSAGES, deploymentWorkflowId } from '@slipway/temporal';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';

export interface CiWakeOptions {
  dataSource: DataSource;
  client: Client;
  logger: Logger;
}

/**
 * Tells every deployment of the project that waits for the CI of this commit to look again. Called from
 * a webhook, it starts after the answer is sent; a signal that is lost only delays a deployment until
 * its next poll.
 */
export function ciWaker({
  dataSource,
  client,
  logger,
}: CiWakeOptions): (project: string, sha: string) => void {
  const wake = async (project: string, sha: string): Promise<void> => {
    const waiting = await dataSource.getRepository(DeploymentEntity).find({
      select: { id: true },
      where: { project, commitSha: sha, status: 'WAITING_CI' },
    });
    await Promise.all(
      waiting.map(({ id }) =>
        client.workflow
          .getHandle(deploymentWorkflowId(id))
          .signal(DEPLOYMENT_MESSAGES.ciChanged)
          .catch((error: unknown) =>
            logger.warn({ deploymentId: id, err: error }, 'a deployment waiting for CI could not be told'),
          ),
      ),
    );
    if (waiting.length > 0) {
      logger.info(
        { project, sha, deployments: waiting.map(({ id }) => id) },
        'CI changed: told the deployments waiting for it',
      );
    }
  };
  return (project, sha) => {
    setImmediate(() => {
      wake(project, sha).catch((error: unknown) =>
        logger.warn(
          { project, sha, err: error },
          'deployments waiting for CI were not told; they look again at their next poll',
        ),
      );
    });
  };
}
