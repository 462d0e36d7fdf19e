import { ConfigError } from '@slipway/config';
import { createLogger, type Logger } from './logger';

export interface RunningService {
  /** Resolves when the service has stopped by itself (for a worker: when run() returns). */
  done: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The life of every Slipway process: configuration first (a bad variable stops it with its name),
 * then start, then a clean stop on SIGINT/SIGTERM.
 */
export function runMain<Config extends { LOG_LEVEL: string }>(
  service: string,
  loadConfig: () => Config,
  start: (config: Config, logger: Logger) => Promise<RunningService>,
): void {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service}: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger(service, config.LOG_LEVEL);
  // Installed before anything starts: a stop asked for during start-up is carried out once it is up.
  const life: { running: RunningService | null; stopping: boolean } = { running: null, stopping: false };
  const stop = (reason: string): void => {
    if (life.stopping) return;
    life.stopping = true;
    logger.info({ reason }, `${service} stopping`);
    life.running?.stop().catch((error: unknown) => logger.error({ err: error }, 'stop failed'));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Under `npm run up`, stdin is a pipe from the supervisor: if it dies, even by SIGKILL, so do we.
  if (process.env.SLIPWAY_STOP_WITH_SUPERVISOR === '1') {
    process.stdin.on('end', () => stop('supervisor gone')).resume();
  }
  void (async () => {
    let running: RunningService;
    try {
      running = await start(config, logger);
    } catch (error) {
      logger.fatal({ err: error }, `${service} could not start`);
      process.exit(1);
    }
    life.running = running;
    if (life.stopping) running.stop().catch((error: unknown) => logger.error({ err: error }, 'stop failed'));
    try {
      await running.done;
      logger.info(`${service} stopped`);
      process.exit(0);
    } catch (error) {
      logger.fatal({ err: error }, `${service} stopped on an error`);
      process.exit(1);
    }
  })();
}
