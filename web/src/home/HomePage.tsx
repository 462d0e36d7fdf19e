import { DeployForm } from '../deployments/DeployForm';
import { DeploymentList } from '../deployments/DeploymentList';

export function HomePage() {
  return (
    <>
      <h1 className="visually-hidden">Deployments</h1>
      <DeployForm />
      <DeploymentList />
    </>
  );
}
