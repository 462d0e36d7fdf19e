// The domain's rules that workflow code may use: plain functions and constants only (no parser, no zod,
// no yaml), so the workflow bundle stays small and deterministic.
export * from './steps';
export * from './cron';
export * from './refs';
export * from './deployment-card';
export { isTerminal } from './status';
