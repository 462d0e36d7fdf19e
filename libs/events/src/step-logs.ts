import { StepLogEntity } from '@slipway/db';
import type { DataSource } from 'typeorm';
import { notifyDeploymentChanged } from './publish';

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
    await manager.getRepository(StepLogEntity).insert(
      batch.lines.map(({ at, line }) => ({
        deploymentId: batch.deploymentId,
        step: batch.step,
        attempt: batch.attempt,
        rollback: batch.rollback,
        at,
        line,
      })),
    );
    await notifyDeploymentChanged(manager, batch.deploymentId);
  });
}
