import type { AuditOutcome } from '@slipway/db';

/** How an attempt ended, from its error code (null when it succeeded). */
export function auditOutcome(code: string | null): AuditOutcome {
  if (code === null) return 'ok';
  return code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? 'denied' : 'failed';
}
