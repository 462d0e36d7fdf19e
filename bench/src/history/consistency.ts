/**
 * The bench measures only a history whose read models are what its log says: a sample of deployments
 * is replayed from `deployment_events` through applyDeploymentEvent and must equal, field for field,
 * the stored `deployments` and `deployment_steps` rows.
 */
import {
  applyDeploymentEvent,
  type DeploymentEventBody,
  type DeploymentState,
  type DeploymentStatus,
  type DeploymentTrigger,
  type StepStatus,
} from '@slipway/domain';
import { isDeepStrictEqual } from 'node:util';
import type { DataSource } from 'typeorm';
import type { SeededRandom } from './random';

interface DeploymentRow {
  id: string;
  project: string;
  environment: string;
  ref: string;
  actor: string;
  trigger: DeploymentTrigger;
  status: DeploymentStatus;
  commit_sha: string | null;
  commit_message: string | null;
  artifact_digest: string | null;
  approvals_remaining: number | null;
  reason: string | null;
  queued_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  last_sequence: number;
}

interface StepRow {
  deployment_id: string;
  position: number;
  name: string;
  status: StepStatus;
  started_at: Date | null;
  finished_at: Date | null;
  output: string;
  error: string | null;
}

interface EventRow {
  event_id: string;
  deployment_id: string;
  sequence: number;
  body: DeploymentEventBody;
  occurred_at: Date;
}

/** Throws, naming the first deployments that differ, unless every sampled one replays to its row. */
export async function checkReplay(
  dataSource: DataSource,
  random: SeededRandom,
  sample: number,
): Promise<number> {
  // The first deployment at or after each of `sample` random ids: a random sample, the same every run.
  const picked = await dataSource.query<Array<{ id: string }>>(
    `SELECT DISTINCT next.id FROM unnest($1::uuid[]) AS probe (id)
     CROSS JOIN LATERAL (SELECT id FROM deployments WHERE id >= probe.id ORDER BY id LIMIT 1) next`,
    [Array.from({ length: sample }, () => random.uuid())],
  );
  const ids = picked.map(({ id }) => id);
  const [deployments, steps, events] = await Promise.all([
    dataSource.query<DeploymentRow[]>(
      `SELECT id, project, environment, ref, actor, trigger, status, commit_sha, commit_message,
         artifact_digest, approvals_remaining, reason, queued_at, started_at, finished_at, last_sequence
       FROM deployments WHERE id = ANY($1::uuid[])`,
      [ids],
    ),
    dataSource.query<StepRow[]>(
      `SELECT deployment_id, position, name, status, started_at, finished_at, output, error
       FROM deployment_steps WHERE deployment_id = ANY($1::uuid[]) ORDER BY deployment_id, position`,
      [ids],
    ),
    dataSource.query<EventRow[]>(
      `SELECT event_id, deployment_id, sequence, body, occurred_at
       FROM deployment_events WHERE deployment_id = ANY($1::uuid[]) ORDER BY deployment_id, sequence`,
      [ids],
    ),
  ]);
  const replayed = new Map<string, DeploymentState | null>();
  for (const event of events) {
    const state = replayed.get(event.deployment_id) ?? null;
    replayed.set(
      event.deployment_id,
      applyDeploymentEvent(state, {
        eventId: event.event_id,
        deploymentId: event.deployment_id,
        sequence: event.sequence,
        occurredAt: event.occurred_at.toISOString(),
        body: event.body,
      }),
    );
  }
  const differing = deployments.filter((row) => {
    const stored = stateOf(
      row,
      steps.filter((step) => step.deployment_id === row.id),
    );
    return !isDeepStrictEqual(stored, replayed.get(row.id));
  });
  if (deployments.length !== ids.length || differing.length > 0) {
    throw new Error(
      `the loaded history is inconsistent: of ${ids.length} sampled deployments, ` +
        `${ids.length - deployments.length} vanished and ${differing.length} differ from the replay of ` +
        `their events (${differing
          .slice(0, 5)
          .map(({ id }) => id)
          .join(', ')}); load it again with --fresh`,
    );
  }
  return ids.length;
}

function stateOf(row: DeploymentRow, steps: StepRow[]): DeploymentState {
  return {
    id: row.id,
    project: row.project,
    environment: row.environment,
    ref: row.ref,
    actor: row.actor,
    trigger: row.trigger,
    status: row.status,
    commitSha: row.commit_sha,
    commitMessage: row.commit_message,
    artifactDigest: row.artifact_digest,
    approvalsRemaining: row.approvals_remaining,
    reason: row.reason,
    queuedAt: row.queued_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    lastSequence: row.last_sequence,
    steps: steps.map((step) => ({
      position: step.position,
      name: step.name,
      status: step.status,
      startedAt: step.started_at?.toISOString() ?? null,
      finishedAt: step.finished_at?.toISOString() ?? null,
      output: step.output,
      error: step.error,
    })),
  };
}
