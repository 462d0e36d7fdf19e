import { DeploymentEventResolver } from './deployments/deployment-event.resolver';
import { DeploymentsResolver } from './deployments/deployments.resolver';
import { PipelinesResolver } from './pipelines/pipelines.resolver';
import { ProjectsResolver } from './projects/projects.resolver';

/** Every resolver of the API: the app serves them, print-schema publishes them. */
export const RESOLVERS = [
  DeploymentsResolver,
  DeploymentEventResolver,
  PipelinesResolver,
  ProjectsResolver,
] as const;
