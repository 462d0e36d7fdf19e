import { Button, EmptyState } from '@mantine/core';
import { Link } from '../routing/Link';
import { PAGE_PATHS } from '../routing/route';

/** What someone without the admin role sees instead of the log. */
export function AdminsOnly() {
  return (
    <EmptyState mt="xl" icon={<LockIcon />} withIndicatorBackground>
      <EmptyState.Title order={2}>Only admins can read the audit log</EmptyState.Title>
      <EmptyState.Description>
        Your token or account has no admin role. Ask an admin of Slipway to show you the entries you need, or
        to give you the role (SLIPWAY_ROLE_MAP for people, an admin API token for scripts).
      </EmptyState.Description>
      <EmptyState.Actions>
        <Button component={Link} href={PAGE_PATHS.dashboard} variant="light">
          Go to the dashboard
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}

function LockIcon() {
  return (
    <svg
      viewBox="0 0 24 24"
      width="28"
      height="28"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <rect x="5" y="11" width="14" height="10" rx="2" />
      <path d="M8 11V7a4 4 0 0 1 8 0v4" strokeLinecap="round" />
    </svg>
  );
}
