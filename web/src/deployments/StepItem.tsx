import type { DeploymentStep } from '../graphql/schema';
import { elapsed } from '../time/elapsed';
import { StatusBadge } from './StatusBadge';

interface StepItemProps {
  step: DeploymentStep;
  /** Lines printed so far, live; the stored output replaces them once the step has ended. */
  live: readonly string[];
  now: number;
}

export function StepItem({ step, live, now }: StepItemProps) {
  const duration = elapsed(step.startedAt, step.finishedAt, now);
  const running = step.status === 'RUNNING' || step.status === 'ROLLING_BACK';
  const output = running && live.length > 0 ? live.join('\n') : step.output;
  const hasLog = output !== '' || Boolean(step.error);

  return (
    <li className="step">
      <div className="step-header">
        <span className="step-name">{step.name}</span>
        <StatusBadge status={step.status} />
        <span className="step-duration">{duration ?? '—'}</span>
      </div>
      {hasLog && (
        // Opens by itself when the step fails, so the error is in view without a click.
        <details
          className="step-log"
          open={running || step.status === 'FAILED' || step.status === 'ROLLBACK_FAILED'}
        >
          <summary>{step.error ? 'Output and error' : 'Output'}</summary>
          {step.error && <pre className="step-error">{step.error}</pre>}
          {output && <pre>{output}</pre>}
        </details>
      )}
    </li>
  );
}
