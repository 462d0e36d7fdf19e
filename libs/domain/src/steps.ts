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
    case 'health':
      return { timeoutMs: step.timeout, retries: 0 };
    case 'wait':
      return { timeoutMs: step.duration, retries: 0 };
  }
}

/** Only shell steps can carry a compensation today. */
export function compensationOf(step: StepSpec): string | null {
  return step.type === 'shell' ? (step.rollback ?? null) : null;
}
