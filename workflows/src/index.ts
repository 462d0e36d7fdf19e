export * from './deployment.workflow';
