import type { InsightsView } from './insightsView';
import type { InsightsProject } from './useInsightsProjects';

export interface ShownChoice {
  /** undefined when there is no project at all. */
  project: InsightsProject | undefined;
  /** undefined when the project has never been deployed. */
  environment: InsightsProject['environments'][number] | undefined;
}

/**
 * What the page shows for the view its address names. No name, or one a shared link names that is gone
 * or hidden from this person: the first project with something to measure, and its first environment.
 */
export function shownChoice(projects: readonly InsightsProject[], view: InsightsView): ShownChoice {
  const project =
    projects.find(({ name }) => name === view.project) ??
    projects.find(({ environments }) => environments.length > 0) ??
    projects[0];
  const environment =
    project?.environments.find(({ name }) => name === view.environment) ?? project?.environments[0];
  return { project, environment };
}
