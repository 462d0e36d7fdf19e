// Safe for workflow code: types and plain functions only (no parser, no zod, no yaml).
import type { StepSpec } from './pipeline-spec';

/** A compensation that fails is tried again this many times before the deployment needs a person. */
export const COMPENSATION_RETRIES = 2;

/** How long one attempt of a step may run, and how many extra attempts a failure gets. */
export function stepLimits(step: StepSpec): { timeoutMs: number; retries: number } {
  switch (step.type) {
    case 'shell':
    case 'http':
      return { timeoutMs: step.timeout, retries: step.retries };
    case 'release':
      return { timeoutMs: step.timeout, retries: 0 };
    case 'ssh':
      // Each batch may take the whole timeout.
      return { timeoutMs: step.timeout * Math.ceil(step.hosts.length / step.batch), retries: 0 };
    case 'health':
      return { timeoutMs: step.timeout, retries: 0 };
    case 'wait':
      return { timeoutMs: step.duration, retries: 0 };
  }
}

/** Whether a completed step has something to undo when a later one fails. */
export function hasCompensation(step: StepSpec): boolean {
  switch (step.type) {
    case 'release':
      return true;
    case 'shell':
    case 'ssh':
    case 'http':
      return step.rollback !== undefined;
    case 'health':
    case 'wait':
      return false;
  }
}
