import type { DashboardQuery } from '../gql/graphql';

type Project = DashboardQuery['projects'][number];

/**
 * The matrix's columns: every environment name any project has, each once, in the order the API lists
 * them (a name first seen in a later project goes after those seen before it).
 */
export function environmentColumns(projects: readonly Project[]): string[] {
  const names = new Set<string>();
  for (const project of projects) {
    for (const environment of project.environments) names.add(environment.name);
  }
  return [...names];
}
