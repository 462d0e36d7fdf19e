import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import type { WorkerVars } from '@slipway/config';
import { startHealthServer, type ReadinessCheck } from './health';
import type { Logger } from './logger';
import type { RunningService } from './main';

export interface WorkerServiceOptions {
  config: WorkerVars;
  taskQueue: string;
  healthHost?: string;
  logger: Logger;
  activities?: WorkerOptions['activities'];
  workflowBundlePath?: string;
  readiness?: Record<string, ReadinessCheck>;
  /** Released after the worker has stopped. */
  onStopped?: () => Promise<void>;
}

/** A Temporal worker on its own task queue, with health endpoints and a graceful stop. */
export async function startWorkerService(options: WorkerServiceOptions): Promise<RunningService> {
  const { logger, config } = options;
  installSdkLogger(logger);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...(options.workflowBundlePath ? { workflowBundle: { codePath: options.workflowBundlePath } } : {}),
    shutdownGraceTime: '10s',
  });
  const health = await startHealthServer(config.HEALTH_PORT, options.healthHost ?? '127.0.0.1', {
    temporal: async () => {
      await connection.healthService.check({});
    },
    worker: () =>
      worker.getState() === 'RUNNING'
        ? Promise.resolve()
        : Promise.reject(new Error(`worker is ${worker.getState()}`)),
    ...options.readiness,
  });
  logger.info(
    { taskQueue: options.taskQueue, healthPort: health.port },
    `worker polling task queue ${options.taskQueue}`,
  );
  const run = worker.run();
  const done = run.finally(async () => {
    await health.close();
    await connection.close();
    await options.onStopped?.();
  });
  let stopRequested = false;
  return {
    done,
    stop: async () => {
      if (!stopRequested) {
        stopRequested = true;
        worker.shutdown();
      }
      await done;
    },
  };
}

/** The SDK's own messages (worker state, activity logs) go through pino too: one JSON-lines stream. */
function installSdkLogger(logger: Logger): void {
  const levels = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
  Runtime.install({
    logger: new DefaultLogger('INFO', ({ level, message, meta }) => {
      logger[levels[level]]({ temporal: meta }, message);
    }),
  });
}
