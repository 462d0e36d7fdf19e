import type { Deployment } from '../graphql/schema';
import { elapsed } from '../time/elapsed';
import { Timestamp } from '../time/Timestamp';
import { useNow } from '../time/useNow';
import { isFinished } from './isFinished';
import { StatusBadge } from './StatusBadge';
import { StepList } from './StepList';
import type { StepLogs } from './useStepLogs';

export function DeploymentDetails({ deployment, logs }: { deployment: Deployment; logs: StepLogs }) {
  const now = useNow(!isFinished(deployment.status));
  const duration = elapsed(deployment.startedAt, deployment.finishedAt, now);
  const commitTitle = deployment.commitMessage?.split('\n', 1)[0];

  return (
    <>
      <header className="deployment-header">
        <h1>
          {deployment.project} → {deployment.environment}
        </h1>
        <span aria-live="polite">
          <StatusBadge status={deployment.status} />
        </span>
      </header>

      {deployment.reason && (
        <p className="message message-reason">
          <strong>Reason:</strong> {deployment.reason}
        </p>
      )}

      <dl className="facts">
        <dt>Ref</dt>
        <dd>
          <code>{deployment.ref}</code>
        </dd>
        <dt>Commit</dt>
        <dd>
          {deployment.commitSha ? (
            <>
              <code title={deployment.commitSha}>{deployment.commitSha.slice(0, 7)}</code>
              {commitTitle && <span title={deployment.commitMessage ?? undefined}> {commitTitle}</span>}
            </>
          ) : (
            <span className="muted">not resolved yet</span>
          )}
        </dd>
        <dt>Actor</dt>
        <dd>{deployment.actor}</dd>
        <dt>Queued</dt>
        <dd>
          <Timestamp value={deployment.queuedAt} />
        </dd>
        {duration && (
          <>
            <dt>Duration</dt>
            <dd>{duration}</dd>
          </>
        )}
      </dl>

      <h2>Steps</h2>
      <StepList steps={deployment.steps} logs={logs} now={now} />
    </>
  );
}
