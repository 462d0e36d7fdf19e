import { ErrorMessage } from '../errors/ErrorMessage';
import { Link } from '../routing/Link';
import { deploymentPath } from '../routing/route';
import { Timestamp } from '../time/Timestamp';
import { StatusBadge } from './StatusBadge';
import { useRecentDeployments } from './useRecentDeployments';

export function DeploymentList() {
  const { deployments, error } = useRecentDeployments();

  return (
    <section className="panel" aria-labelledby="recent-heading">
      <h2 id="recent-heading">Recent deployments</h2>
      <ErrorMessage message={error} />
      {deployments === null ? (
        !error && <p className="muted">Loading…</p>
      ) : deployments.length === 0 ? (
        <p className="muted">No deployments yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="deployments">
            <thead>
              <tr>
                <th scope="col">Deployment</th>
                <th scope="col">Ref</th>
                <th scope="col">Commit</th>
                <th scope="col">Status</th>
                <th scope="col">Actor</th>
                <th scope="col">Queued</th>
              </tr>
            </thead>
            <tbody>
              {deployments.map((deployment) => (
                <tr key={deployment.id}>
                  <th scope="row">
                    <Link href={deploymentPath(deployment.id)}>
                      {deployment.project} → {deployment.environment}
                    </Link>
                  </th>
                  <td>
                    <code>{deployment.ref}</code>
                  </td>
                  <td>{deployment.commitSha ? <code>{deployment.commitSha.slice(0, 7)}</code> : '—'}</td>
                  <td>
                    <StatusBadge status={deployment.status} />
                  </td>
                  <td>{deployment.actor}</td>
                  <td>
                    <Timestamp value={deployment.queuedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
