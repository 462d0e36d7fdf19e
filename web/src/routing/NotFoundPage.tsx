import { Button, EmptyState } from '@mantine/core';
import { usePageTitle } from '../shell/usePageTitle';
import { Link } from './Link';
import { PAGE_PATHS } from './route';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <EmptyState mt="xl" icon={<span aria-hidden="true">?</span>} withIndicatorBackground>
      <EmptyState.Title order={1}>Page not found</EmptyState.Title>
      <EmptyState.Description>This address does not name a page of the console.</EmptyState.Description>
      <EmptyState.Actions>
        <Button component={Link} href={PAGE_PATHS.deployments} variant="light">
          Back to deployments
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
