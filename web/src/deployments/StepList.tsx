import type { DeploymentStep } from '../graphql/schema';
import { StepItem } from './StepItem';

interface StepListProps {
  steps: DeploymentStep[];
  now: number;
}

export function StepList({ steps, now }: StepListProps) {
  if (steps.length === 0) return <p className="muted">No steps have been planned yet.</p>;
  const ordered = [...steps].sort((a, b) => a.position - b.position);
  return (
    <ol className="steps">
      {ordered.map((step) => (
        <StepItem key={step.position} step={step} now={now} />
      ))}
    </ol>
  );
}
