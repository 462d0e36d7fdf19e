export * from './deployment.workflow';
export * from './release.workflow';
export * from './environment-gate.workflow';
export * from './deployment-notifications.workflow';
export * from './pipeline-spec.workflow';
