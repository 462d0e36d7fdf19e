export * from './status';
export * from './events';
export * from './release-diff';
export * from './deployment';
export * from './pipeline-spec';
export * from './rules';
export * from './notifications';
export * from './deployment-card';
