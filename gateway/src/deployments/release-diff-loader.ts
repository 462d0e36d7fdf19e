import { DeploymentCommitEntity, ReleaseDiffEntity } from '@slipway/db';
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import type { ReleaseDiffModel } from './release-diff.model';

/** Deployments' release diffs by deployment id, two queries a batch; null until a diff is stored. */
export function createReleaseDiffLoader(dataSource: DataSource): DataLoader<string, ReleaseDiffModel | null> {
  return new DataLoader(
    async (ids) => {
      const wanted = [...new Set(ids)];
      const [diffs, commits] = await Promise.all([
        dataSource.getRepository(ReleaseDiffEntity).findBy({ deploymentId: In(wanted) }),
        dataSource.getRepository(DeploymentCommitEntity).find({
          where: { deploymentId: In(wanted) },
          order: { deploymentId: 'ASC', position: 'ASC' },
        }),
      ]);
      const byId = new Map<string, ReleaseDiffModel>(
        diffs.map((diff) => [
          diff.deploymentId,
          { from: diff.fromSha, direction: diff.direction, truncated: diff.truncated, commits: [] },
        ]),
      );
      for (const { deploymentId, sha, message, author, committedAt, pullRequest } of commits) {
        byId.get(deploymentId)?.commits.push({ sha, message, author, committedAt, pullRequest });
      }
      return ids.map((id) => byId.get(id) ?? null);
    },
    { cache: false },
  );
}
