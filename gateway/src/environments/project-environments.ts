import { DeploymentEntity } from '@slipway/db';
import { currentReleases, type EnvironmentReleases } from '@slipway/history';
import type { DataSource } from 'typeorm';
import { environmentHealth } from './environment-health';
import type { EnvironmentModel } from './environment.model';

/**
 * For each of these projects, in their order, each environment that has had a deployment, in name
 * order: what runs there and ran before (as the audit service keeps it), its latest deployment of any
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
  for (const deployment of latest) {
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

/**
 * The latest deployment (by queue time, the id breaking ties) of each (project, environment), by project
 * then environment: DISTINCT ON walks the index on (project, environment, queued_at DESC, id DESC).
 */
function latestDeployments(dataSource: DataSource, projects: string[]): Promise<DeploymentEntity[]> {
  return dataSource
    .getRepository(DeploymentEntity)
    .createQueryBuilder('deployment')
    .distinctOn(['deployment.project', 'deployment.environment'])
    .where('deployment.project = ANY(:projects)', { projects })
    .orderBy('deployment.project')
    .addOrderBy('deployment.environment')
    .addOrderBy('deployment.queuedAt', 'DESC')
    .addOrderBy('deployment.id', 'DESC')
    .getMany();
}

/** Project and environment names are lowercase letters, digits and dashes: a slash cannot occur in either. */
function environmentKey({
  project,
  environment,
}: Pick<EnvironmentReleases, 'project' | 'environment'>): string {
  return `${project}/${environment}`;
}
