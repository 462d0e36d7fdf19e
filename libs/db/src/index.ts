export * from './api-tokens';
export * from './data-source';
export * from './embedded-postgres';
export { ApiTokenEntity } from './entities/api-token.entity';
export { DeploymentEventEntity } from './entities/deployment-event.entity';
export { DeploymentStepEntity } from './entities/deployment-step.entity';
export { DeploymentEntity } from './entities/deployment.entity';
export { ProjectEntity } from './entities/project.entity';
export { StepLogEntity } from './entities/step-log.entity';
