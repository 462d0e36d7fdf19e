export * from './channel';
export * from './publish';
export * from './listen';
export * from './step-logs';
export * from './event-log';
