import { StepLogEntity } from '@slipway/db';
import type { DataSource } from 'typeorm';
import { notifyDeploymentEvent } from './publish';

export interface StepLogBatch {
  deploymentId: string;
  step: number;
  attempt: number;
  rollback: boolean;
  lines: Array<{ at: Date; line: string }>;
}

/** Appends a batch of a step's output and tells listeners, in one transaction. */
export async function appendStepLogs(dataSource: DataSource, batch: StepLogBatch): Promise<void> {
  if (batch.lines.length === 0) return;
  await dataSource.transaction(async (manager) => {
    const inserted = await manager.getRepository(StepLogEntity).insert(
      batch.lines.map(({ at, line }) => ({
        deploymentId: batch.deploymentId,
        step: batch.step,
        attempt: batch.attempt,
        rollback: batch.rollback,
        at,
        line,
      })),
    );
    const lastId = String(inserted.identifiers.at(-1)?.id ?? '0');
    await notifyDeploymentEvent(manager, { id: lastId, deploymentId: batch.deploymentId });
  });
}
