export * from './artifact-store';
export * from './deploy.activities';
export * from './shell';
export * from './step-log-buffer';
export * from './gate.activities';
export * from './secrets';
