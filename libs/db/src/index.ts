export * from './api-tokens';
export * from './data-source';
export * from './embedded-postgres';
export { ApiTokenEntity } from './entities/api-token.entity';
export { BadCommitEntity } from './entities/bad-commit.entity';
export { DeploymentEventEntity } from './entities/deployment-event.entity';
export { DeploymentStepEntity } from './entities/deployment-step.entity';
export { DeploymentEntity } from './entities/deployment.entity';
export { DeploymentCommitEntity } from './entities/deployment-commit.entity';
export { EnvironmentReleaseEntity } from './entities/environment-release.entity';
export { ReleaseDiffEntity } from './entities/release-diff.entity';
export { ProjectEntity } from './entities/project.entity';
export { ReleaseEntity } from './entities/release.entity';
export { StepLogEntity } from './entities/step-log.entity';
export { AuditEntryEntity, type AuditOutcome } from './entities/audit-entry.entity';
export { LoginRequestEntity } from './entities/login-request.entity';
export { SessionEntity } from './entities/session.entity';
export { UserEntity, type StoredGrant } from './entities/user.entity';
export { NotificationSettingsEntity } from './entities/notification-settings.entity';
export { NotificationDeliveryEntity, type DeliveryState } from './entities/notification-delivery.entity';
export {
  NotificationDeliveryAttemptEntity,
  type DeliveryAttemptOutcome,
} from './entities/notification-delivery-attempt.entity';
export { SlackRequestEntity } from './entities/slack-request.entity';
export { WebhookDeliveryEntity } from './entities/webhook-delivery.entity';
export { WebhookSecretEntity } from './entities/webhook-secret.entity';
export * from './secret-box';
export * from './webhook-secrets';
