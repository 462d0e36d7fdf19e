import type { DeploymentStep } from '../graphql/schema';
import { StepItem } from './StepItem';
import type { StepLogs } from './useStepLogs';

interface StepListProps {
  steps: DeploymentStep[];
  logs: StepLogs;
  now: number;
}

export function StepList({ steps, logs, now }: StepListProps) {
  if (steps.length === 0) return <p className="muted">No steps have been planned yet.</p>;
  const ordered = [...steps].sort((a, b) => a.position - b.position);
  return (
    <ol className="steps">
      {ordered.map((step) => (
        <StepItem key={step.position} step={step} live={logs.get(step.position) ?? []} now={now} />
      ))}
    </ol>
  );
}
