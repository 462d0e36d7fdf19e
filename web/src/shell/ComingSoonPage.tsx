import { Button, EmptyState } from '@mantine/core';
import { Link } from '../routing/Link';
import { PAGE_PATHS } from '../routing/route';
import { usePageTitle } from './usePageTitle';

interface ComingSoonPageProps {
  title: string;
  /** What the page will let people do, so they know what to expect. */
  purpose: string;
}

/** A section the console names in its navigation but does not offer yet. */
export function ComingSoonPage({ title, purpose }: ComingSoonPageProps) {
  usePageTitle(title);
  return (
    <EmptyState mt="xl" icon={<ClockIcon />} withIndicatorBackground>
      <EmptyState.Title order={1}>{title} is coming soon</EmptyState.Title>
      <EmptyState.Description>{purpose}</EmptyState.Description>
      <EmptyState.Actions>
        <Button component={Link} href={PAGE_PATHS.dashboard} variant="light">
          Go to the dashboard
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}

function ClockIcon() {
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
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" strokeLinecap="round" />
    </svg>
  );
}
