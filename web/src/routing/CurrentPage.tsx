import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ReactElement } from 'react';
import { accessDeniedReason } from '../auth/accessDeniedReasons';
import { AccessDeniedPage } from '../auth/AccessDeniedPage';
import { ReturnAfterSignIn } from '../auth/ReturnAfterSignIn';
import { DashboardPage } from '../dashboard/DashboardPage';
import { DeploymentPage } from '../deployments/DeploymentPage';
import { DeploymentsPage } from '../deployments/DeploymentsPage';
import { NotFoundPage } from './NotFoundPage';
import { useRoute } from './useRoute';

// Loaded when first opened: the charts of Insights alone would double what every page downloads.
const InsightsPage = lazy(async () => ({ default: (await import('../insights/InsightsPage')).InsightsPage }));
const AuditPage = lazy(async () => ({ default: (await import('../audit/AuditPage')).AuditPage }));
const SettingsPage = lazy(async () => ({ default: (await import('../settings/SettingsPage')).SettingsPage }));
const ProjectPage = lazy(async () => ({ default: (await import('../projects/ProjectPage')).ProjectPage }));

export function CurrentPage(): ReactElement {
  return (
    <Suspense
      fallback={
        <Center py="xl">
          <Loader aria-label="Loading the page" />
        </Center>
      }
    >
      <RoutedPage />
    </Suspense>
  );
}

function RoutedPage(): ReactElement {
  const route = useRoute();
  switch (route.name) {
    case 'dashboard':
      return <DashboardPage />;
    case 'deployments':
      return <DeploymentsPage />;
    case 'deployment':
      // Keyed so that moving between deployments starts from a clean state.
      return <DeploymentPage key={route.id} id={route.id} />;
    case 'project':
      return <ProjectPage key={route.project} name={route.project} />;
    case 'insights':
      return <InsightsPage />;
    case 'audit':
      return <AuditPage />;
    case 'settings':
      return <SettingsPage />;
    case 'signIn':
      return <ReturnAfterSignIn />;
    case 'accessDenied':
      return <AccessDeniedPage reason={accessDeniedReason(window.location.search)} />;
    case 'notFound':
      return <NotFoundPage />;
  }
}
