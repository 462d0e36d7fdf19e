export * from './logger';
export * from './health';
export * from './main';
export * from './worker';
