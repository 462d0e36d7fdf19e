import { AuditResolver } from './audit/audit.resolver';
import { ApiTokensResolver } from './auth/api-tokens.resolver';
import { ViewerResolver } from './auth/viewer.resolver';
import { DeploymentEventResolver } from './deployments/deployment-event.resolver';
import { DeploymentsResolver } from './deployments/deployments.resolver';
import { EnvironmentsResolver } from './environments/environments.resolver';
import { LiveResolver } from './live/live.resolver';
import { MetricsResolver } from './metrics/metrics.resolver';
import { NotificationSettingsResolver } from './notifications/notification-settings.resolver';
import { PipelinesResolver } from './pipelines/pipelines.resolver';
import { ProjectsResolver } from './projects/projects.resolver';
import { ReleasesResolver } from './releases/releases.resolver';

/** Every resolver of the API: the app serves them, print-schema publishes them. */
export const RESOLVERS = [
  ApiTokensResolver,
  AuditResolver,
  DeploymentsResolver,
  DeploymentEventResolver,
  EnvironmentsResolver,
  LiveResolver,
  MetricsResolver,
  NotificationSettingsResolver,
  PipelinesResolver,
  ProjectsResolver,
  ReleasesResolver,
  ViewerResolver,
] as const;
