// Safe to import from workflow code: constants and types only. The client lives in '@slipway/temporal/client'.
export * from './task-queues';
export type * from './activities';
export * from './project-ref';
