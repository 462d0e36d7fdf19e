import { DeploymentEventEntity } from '@slipway/db';
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { approvalRequestOf, type ApprovalRequest } from './pending-approvals';

/** The latest request for approval of each of these deployments (with who approved since); one query. */
export async function readApprovalRequests(
  dataSource: DataSource,
  deploymentIds: readonly string[],
): Promise<Map<string, ApprovalRequest>> {
  const wanted = [...new Set(deploymentIds)];
  if (wanted.length === 0) return new Map();
  const events = await dataSource.getRepository(DeploymentEventEntity).find({
    where: { deploymentId: In(wanted), type: In(['APPROVAL_REQUESTED', 'APPROVAL_GIVEN']) },
    order: { deploymentId: 'ASC', sequence: 'ASC' },
  });
  const bodies = new Map<string, DeploymentEventEntity['body'][]>();
  for (const { deploymentId, body } of events) {
    bodies.set(deploymentId, [...(bodies.get(deploymentId) ?? []), body]);
  }
  const requests = new Map<string, ApprovalRequest>();
  for (const [deploymentId, history] of bodies) {
    const request = approvalRequestOf(history);
    if (request) requests.set(deploymentId, request);
  }
  return requests;
}

/** Deployments' approval requests by deployment id, one query a batch; null when none was asked for. */
export function createApprovalRequestLoader(
  dataSource: DataSource,
): DataLoader<string, ApprovalRequest | null> {
  return new DataLoader(
    async (ids) => {
      const requests = await readApprovalRequests(dataSource, ids);
      return ids.map((id) => requests.get(id) ?? null);
    },
    { cache: false },
  );
}
