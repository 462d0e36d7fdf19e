import type { DeploymentStep } from '../graphql/schema';
import { elapsed } from '../time/elapsed';
import { StatusBadge } from './StatusBadge';

interface StepItemProps {
  step: DeploymentStep;
  now: number;
}

export function StepItem({ step, now }: StepItemProps) {
  const duration = elapsed(step.startedAt, step.finishedAt, now);
  const hasLog = step.output !== '' || Boolean(step.error);

  return (
    <li className="step">
      <div className="step-header">
        <span className="step-name">{step.name}</span>
        <StatusBadge status={step.status} />
        <span className="step-duration">{duration ?? '—'}</span>
      </div>
      {hasLog && (
        // Opens by itself when the step fails, so the error is in view without a click.
        <details className="step-log" open={step.status === 'FAILED' || step.status === 'ROLLBACK_FAILED'}>
          <summary>{step.error ? 'Output and error' : 'Output'}</summary>
          {step.error && <pre className="step-error">{step.error}</pre>}
          {step.output && <pre>{step.output}</pre>}
        </details>
      )}
    </li>
  );
}
