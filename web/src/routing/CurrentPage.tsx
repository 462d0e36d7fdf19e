import type { ReactElement } from 'react';
import { DeploymentPage } from '../deployments/DeploymentPage';
import { HomePage } from '../home/HomePage';
import { NotFoundPage } from './NotFoundPage';
import { useRoute } from './useRoute';

export function CurrentPage(): ReactElement {
  const route = useRoute();
  switch (route.name) {
    case 'home':
      return <HomePage />;
    case 'deployment':
      // Keyed so that moving between deployments starts from a clean state.
      return <DeploymentPage key={route.id} id={route.id} />;
    case 'notFound':
      return <NotFoundPage />;
  }
}
