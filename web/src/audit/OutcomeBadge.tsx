import { Badge } from '@mantine/core';
import type { AuditOutcome } from '../gql/graphql';

const COLOR: Readonly<Record<AuditOutcome, string>> = { ok: 'green', denied: 'orange', failed: 'red' };

export function OutcomeBadge({ outcome }: { outcome: AuditOutcome }) {
  return (
    <Badge color={COLOR[outcome]} variant="light" className="badge">
      {outcome}
    </Badge>
  );
}
