export * from './deploy.activities';
export * from './shell';
