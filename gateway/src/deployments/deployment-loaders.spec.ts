import { DeploymentEntity, DeploymentStepEntity } from '@slipway/db';
import type { DataSource } from 'typeorm';
import { createDeploymentLoaders } from './deployment-loaders';

const ONE = 'd0c5a1e2-0000-4000-8000-000000000001';
const TWO = 'd0c5a1e2-0000-4000-8000-000000000002';
const UNKNOWN = 'd0c5a1e2-0000-4000-8000-00000000000f';

/** A data source whose repositories answer from memory and count the queries they were asked. */
function fakeDataSource() {
  const queries: Array<{ entity: string; where: unknown }> = [];
  const deployments = [ONE, TWO].map((id) => Object.assign(new DeploymentEntity(), { id }));
  const steps = [
    { deploymentId: ONE, position: 0, name: 'build' },
    { deploymentId: ONE, position: 1, name: 'release' },
  ].map((step) => Object.assign(new DeploymentStepEntity(), step));
  const dataSource = {
    getRepository: (entity: unknown) =>
      entity === DeploymentEntity
        ? {
            findBy: (where: unknown) => {
              queries.push({ entity: 'deployments', where });
              return Promise.resolve(deployments.filter((row) => wantedIds(where, 'id').includes(row.id)));
            },
          }
        : {
            find: ({ where }: { where: unknown }) => {
              queries.push({ entity: 'steps', where });
              return Promise.resolve(
                steps.filter((row) => wantedIds(where, 'deploymentId').includes(row.deploymentId)),
              );
            },
          },
  } as unknown as DataSource;
  return { dataSource, queries };
}

describe('deployment loaders', () => {
  it('read the deployments one operation asks for together in one query, null for an unknown one', async () => {
    const { dataSource, queries } = fakeDataSource();
    const loaders = createDeploymentLoaders(dataSource);
    const found = await Promise.all(
      [ONE, UNKNOWN, TWO, ONE, 'not-an-id'].map((id) => loaders.deployment.load(id)),
    );
    expect(found.map((deployment) => deployment?.id ?? null)).toEqual([ONE, null, TWO, ONE, null]);
    expect(queries).toHaveLength(1);
    expect(wantedIds(queries[0]!.where, 'id').sort()).toEqual([ONE, TWO, UNKNOWN].sort());
  });

  it("read the steps of many deployments in one query, each deployment's own in order", async () => {
    const { dataSource, queries } = fakeDataSource();
    const loaders = createDeploymentLoaders(dataSource);
    const [one, two] = await Promise.all([loaders.steps.load(ONE), loaders.steps.load(TWO)]);
    expect(one.map((step) => step.name)).toEqual(['build', 'release']);
    expect(two).toEqual([]);
    expect(queries).toHaveLength(1);
  });

  it('read again on a later load, so a long-lived subscription sees each change', async () => {
    const { dataSource, queries } = fakeDataSource();
    const loaders = createDeploymentLoaders(dataSource);
    await loaders.deployment.load(ONE);
    await loaders.deployment.load(ONE);
    expect(queries).toHaveLength(2);
  });
});

function wantedIds(where: unknown, key: string): string[] {
  return (where as Record<string, { value: string[] }>)[key]?.value ?? [];
}
