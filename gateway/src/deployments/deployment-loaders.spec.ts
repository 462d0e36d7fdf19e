import { DeploymentEntity, DeploymentStepEntity } from '@slipway/db';
import type { DataSource } from 'typeorm';
import { createDeploymentLoaders } from './deployment-loaders';

const ONE = 'd0c5a1e2-0000-4000-8000-000000000001';
const TWO = 'd0c5a1e2-0000-4000-8000-000000000002';
const THREE = 'd0c5a1e2-0000-4000-8000-000000000003';
const UNKNOWN = 'd0c5a1e2-0000-4000-8000-00000000000f';

/** A data source whose repositories answer from memory and count the queries they were asked. */
function fakeDataSource() {
  const queries: Array<{ entity: string; where: unknown }> = [];
  const deployments = [ONE, TWO].map((id) => Object.assign(new DeploymentEntity(), { id }));
  const steps = [
    { deploymentId: ONE, position: 0, name: 'build' },
    { deploymentId: ONE, position: 1, name: 'release' },
  ].map((step) => Object.assign(new DeploymentStepEntity(), step));
  // The latest deployment of each environment (by project, then name, as DISTINCT ON gives them) with when
  // the environment's first deployment was queued, and the release running in shop's production.
  const latest = [
    { id: THREE, project: 'blog', environment: 'production', status: 'RUNNING', firstQueuedAt: 1 },
    { id: ONE, project: 'shop', environment: 'production', status: 'FAILED', firstQueuedAt: 5 },
    { id: TWO, project: 'shop', environment: 'staging', status: 'SUCCEEDED', firstQueuedAt: 2 },
  ].map(({ firstQueuedAt, ...row }) => ({
    entity: Object.assign(new DeploymentEntity(), row),
    raw: { first_queued_at: new Date(firstQueuedAt) },
  }));
  const running = {
    project: 'shop',
    environment: 'production',
    deployment_id: ONE,
    ref: 'main',
    commit_sha: 'a'.repeat(40),
    commit_message: null,
    artifact_digest: null,
    actor: 'ada',
    deployed_at: new Date(0),
    previous_deployment_id: null,
    previous_commit_sha: null,
    previous_deployed_at: null,
  };
  const dataSource = {
    query: (_sql: string, [projects]: [string[]]) => {
      queries.push({ entity: 'environment releases', where: projects });
      return Promise.resolve(projects.includes(running.project) ? [running] : []);
    },
    getRepository: (entity: unknown) =>
      entity === DeploymentEntity
        ? {
            createQueryBuilder: () => {
              let projects: string[] = [];
              const builder = {
                distinctOn: () => builder,
                addSelect: () => builder,
                where: (_sql: string, parameters: { projects: string[] }) => {
                  projects = parameters.projects;
                  queries.push({ entity: 'latest deployments', where: projects });
                  return builder;
                },
                orderBy: () => builder,
                addOrderBy: () => builder,
                getRawAndEntities: () => {
                  const rows = latest.filter(({ entity }) => projects.includes(entity.project));
                  return Promise.resolve({
                    entities: rows.map(({ entity }) => entity),
                    raw: rows.map(({ raw }) => raw),
                  });
                },
              };
              return builder;
            },
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

  it("read the environments of many projects in two queries, each project's own in the order it first deployed to them, none for an unknown one", async () => {
    const { dataSource, queries } = fakeDataSource();
    const loaders = createDeploymentLoaders(dataSource);
    const [shop, blog, unknown, again] = await Promise.all(
      ['shop', 'blog', 'nope', 'shop'].map((project) => loaders.environments.load(project)),
    );
    // Staging was deployed to first: it comes before production, whatever their names.
    expect(shop?.map(({ name, health, current }) => [name, health, current?.deploymentId ?? null])).toEqual([
      ['staging', 'UNKNOWN', null],
      ['production', 'DEGRADED', ONE],
    ]);
    expect(blog?.map(({ name, health }) => [name, health])).toEqual([['production', 'DEPLOYING']]);
    expect(unknown).toEqual([]);
    expect(again).toEqual(shop);
    expect(queries).toEqual([
      { entity: 'latest deployments', where: ['shop', 'blog', 'nope'] },
      { entity: 'environment releases', where: ['shop', 'blog', 'nope'] },
    ]);
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
