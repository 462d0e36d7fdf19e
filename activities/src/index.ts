export * from './deploy.activities';
export * from './shell';
export * from './step-log-buffer';
