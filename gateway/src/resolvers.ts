import { DeploymentsResolver } from './deployments/deployments.resolver';
import { ProjectsResolver } from './projects/projects.resolver';

/** Every resolver of the API: the app serves them, print-schema publishes them. */
export const RESOLVERS = [DeploymentsResolver, ProjectsResolver] as const;
