import { DeploymentEntity } from '@slipway/db';
import { currentReleases, type EnvironmentReleases } from '@slipway/history';
import type { DataSource } from 'typeorm';
import { environmentHealth } from './environment-health';
import type { EnvironmentModel } from './environment.model';

/**
 * For each of these projects, in their order, each environment that has had a deployment, in the order
 * the project first deployed to them (a pipeline's promotion order, development before production; the
 * name breaks ties): what runs there and ran before (as the audit service keeps it), its latest deployment of any
 * status, and the health they add up to. Two queries whatever the number of projects, so a dashboard
 * of every project costs what one project does. The caller decides who may see which project.
 */
export async function projectEnvironments(
  dataSource: DataSource,
  projects: readonly string[],
): Promise<EnvironmentModel[][]> {
  const wanted = [...new Set(projects)];
  const [latest, releases] = await Promise.all([
    latestDeployments(dataSource, wanted),
    currentReleases(dataSource, wanted),
  ]);
  const running = new Map(releases.map((release) => [environmentKey(release), release]));
  const byProject = new Map<string, EnvironmentModel[]>();
  for (const { deployment } of latest) {
    const release = running.get(environmentKey(deployment));
    const environments = byProject.get(deployment.project) ?? [];
    environments.push({
      project: deployment.project,
      name: deployment.environment,
      health: environmentHealth(deployment.status, release !== undefined),
      current: release?.current ?? null,
      previous: release?.previous ?? null,
      latest: deployment,
    });
    byProject.set(deployment.project, environments);
  }
  return projects.map((project) => byProject.get(project) ?? []);
}

interface LatestDeployment {
  deployment: DeploymentEntity;
  /** When the environment's first deployment was queued. */
  firstQueuedAt: Date;
}

/**
 * The latest deployment (by queue time, the id breaking ties) of each (project, environment), by when the environment's first deployment was queued, then by name. DISTINCT ON walks the index on
 * (project, environment, queued_at DESC, id DESC); the first queue time is one probe of the same index.
 */
async function latestDeployments(dataSource: DataSource, projects: string[]): Promise<LatestDeployment[]> {
  const { entities, raw } = await dataSource
    .getRepository(DeploymentEntity)
    .createQueryBuilder('deployment')
    .distinctOn(['deployment.project', 'deployment.environment'])
    .addSelect(
      (first) =>
        first
          .select('min(earliest.queued_at)')
          .from(DeploymentEntity, 'earliest')
          .where('earliest.project = deployment.project')
          .andWhere('earliest.environment = deployment.environment'),
      'first_queued_at',
    )
    .where('deployment.project = ANY(:projects)', { projects })
    .orderBy('deployment.project')
    .addOrderBy('deployment.environment')
    .addOrderBy('deployment.queuedAt', 'DESC')
    .addOrderBy('deployment.id', 'DESC')
    .getRawAndEntities<{ first_queued_at: Date }>();
  return entities
    .map((deployment, index) => ({ deployment, firstQueuedAt: raw[index]!.first_queued_at }))
    .sort(
      (a, b) =>
        a.firstQueuedAt.getTime() - b.firstQueuedAt.getTime() ||
        a.deployment.environment.localeCompare(b.deployment.environment),
    );
}

/** Project and environment names are lowercase letters, digits and dashes: a slash cannot occur in either. */
function environmentKey({
  project,
  environment,
}: Pick<EnvironmentReleases, 'project' | 'environment'>): string {
  return `${project}/${environment}`;
}
