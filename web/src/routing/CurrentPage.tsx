import type { ReactElement } from 'react';
import { DashboardPage } from '../dashboard/DashboardPage';
import { DeploymentPage } from '../deployments/DeploymentPage';
import { DeploymentsPage } from '../deployments/DeploymentsPage';
import { ComingSoonPage } from '../shell/ComingSoonPage';
import { NotFoundPage } from './NotFoundPage';
import { useRoute } from './useRoute';

export function CurrentPage(): ReactElement {
  const route = useRoute();
  switch (route.name) {
    case 'dashboard':
      return <DashboardPage />;
    case 'deployments':
      return <DeploymentsPage />;
    case 'deployment':
      // Keyed so that moving between deployments starts from a clean state.
      return <DeploymentPage key={route.id} id={route.id} />;
    case 'insights':
      return (
        <ComingSoonPage
          title="Insights"
          purpose="Success rates per environment, deploy frequency, lead time, change failure rate and time to restore, charted over time."
        />
      );
    case 'audit':
      return (
        <ComingSoonPage
          title="Audit log"
          purpose="Who did what and when, across every project and environment, filterable."
        />
      );
    case 'settings':
      return (
        <ComingSoonPage
          title="Settings"
          purpose="Where notifications go, and your API tokens: create one (shown once) or revoke it."
        />
      );
    case 'notFound':
      return <NotFoundPage />;
  }
}
