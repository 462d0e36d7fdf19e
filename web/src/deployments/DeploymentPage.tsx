import { useEffect } from 'react';
import { ErrorMessage } from '../errors/ErrorMessage';
import { Link } from '../routing/Link';
import { DeploymentDetails } from './DeploymentDetails';
import { useDeployment } from './useDeployment';
import { useStepLogs } from './useStepLogs';

export function DeploymentPage({ id }: { id: string }) {
  const { deployment, error } = useDeployment(id);
  const logs = useStepLogs(id);

  const title = deployment ? `${deployment.project} → ${deployment.environment} · Slipway` : 'Slipway';

  useEffect(() => {
    document.title = title;
    return () => {
      document.title = 'Slipway';
    };
  }, [title]);

  return (
    <article className="panel">
      <p className="back">
        <Link href="/">← All deployments</Link>
      </p>
      <ErrorMessage message={error} />
      {deployment === undefined ? (
        !error && <p className="muted">Loading…</p>
      ) : deployment === null ? (
        <>
          <h1>Deployment not found</h1>
          <p>
            There is no deployment with id <code>{id}</code>.
          </p>
        </>
      ) : (
        <DeploymentDetails deployment={deployment} logs={logs} />
      )}
    </article>
  );
}
