import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ApiTokenEntity } from './entities/api-token.entity';
import { DeploymentEventEntity } from './entities/deployment-event.entity';
import { DeploymentStepEntity } from './entities/deployment-step.entity';
import { DeploymentEntity } from './entities/deployment.entity';
import { BadCommitEntity } from './entities/bad-commit.entity';
import { ProjectEntity } from './entities/project.entity';
import { ReleaseEntity } from './entities/release.entity';
import { StepLogEntity } from './entities/step-log.entity';
import { AuditEntryEntity } from './entities/audit-entry.entity';
import { NotificationSettingsEntity } from './entities/notification-settings.entity';
import { WebhookDeliveryEntity } from './entities/webhook-delivery.entity';
import { WebhookSecretEntity } from './entities/webhook-secret.entity';
import { LoginRequestEntity } from './entities/login-request.entity';
import { SessionEntity } from './entities/session.entity';
import { UserEntity } from './entities/user.entity';
import { ReleaseDiffEntity } from './entities/release-diff.entity';
import { DeploymentCommitEntity } from './entities/deployment-commit.entity';
import { NotificationDeliveryEntity } from './entities/notification-delivery.entity';
import { NotificationDeliveryAttemptEntity } from './entities/notification-delivery-attempt.entity';
import { SlackRequestEntity } from './entities/slack-request.entity';
import { EnvironmentReleaseEntity } from './entities/environment-release.entity';
import { InitialSchema1764133200000 } from './migrations/1764133200000-initial-schema';
import { StepLogs1764140000000 } from './migrations/1764140000000-step-logs';
import { Releases1764150000000 } from './migrations/1764150000000-releases';
import { Access1764160000000 } from './migrations/1764160000000-access';
import { NotificationSettings1764170000000 } from './migrations/1764170000000-notification-settings';
import { Vcs1764180000000 } from './migrations/1764180000000-vcs';
import { ReleaseDiffs1764190000000 } from './migrations/1764190000000-release-diffs';
import { VcsReports1764200000000 } from './migrations/1764200000000-vcs-reports';
import { ReleaseOutbox1764210000000 } from './migrations/1764210000000-release-outbox';
import { VcsReportEnvironments1764220000000 } from './migrations/1764220000000-vcs-report-environments';
import { SlackRequests1764230000000 } from './migrations/1764230000000-slack-requests';
import { NotificationDeliveries1764240000000 } from './migrations/1764240000000-notification-deliveries';
import { EventLogChain1764250000000 } from './migrations/1764250000000-event-log-chain';
import { ReadModels1764260000000 } from './migrations/1764260000000-read-models';

export const ENTITIES = [
  ProjectEntity,
  DeploymentEntity,
  DeploymentStepEntity,
  DeploymentEventEntity,
  ApiTokenEntity,
  StepLogEntity,
  ReleaseEntity,
  BadCommitEntity,
  UserEntity,
  SessionEntity,
  LoginRequestEntity,
  AuditEntryEntity,
  NotificationSettingsEntity,
  WebhookSecretEntity,
  WebhookDeliveryEntity,
  ReleaseDiffEntity,
  DeploymentCommitEntity,
  NotificationDeliveryEntity,
  NotificationDeliveryAttemptEntity,
  SlackRequestEntity,
  EnvironmentReleaseEntity,
];
export const MIGRATIONS = [
  InitialSchema1764133200000,
  StepLogs1764140000000,
  Releases1764150000000,
  Access1764160000000,
  NotificationSettings1764170000000,
  Vcs1764180000000,
  ReleaseDiffs1764190000000,
  VcsReports1764200000000,
  ReleaseOutbox1764210000000,
  VcsReportEnvironments1764220000000,
  SlackRequests1764230000000,
  NotificationDeliveries1764240000000,
  EventLogChain1764250000000,
  ReadModels1764260000000,
];

/** Any two processes may start at once: migrations run one at a time under this advisory lock. */
const MIGRATION_LOCK = 0x51_1b_3a_7e;

export function createDataSource(databaseUrl: string, applicationName: string, poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    applicationName,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: poolSize, connectionTimeoutMillis: 5000 },
  });
}

/** Opens the pool and brings the schema up to date (migrations only, never `synchronize`). */
export async function openDatabase(
  databaseUrl: string,
  applicationName: string,
  poolSize?: number,
): Promise<DataSource> {
  const dataSource = createDataSource(databaseUrl, applicationName, poolSize);
  await dataSource.initialize();
  try {
    await migrate(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

export async function migrate(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
