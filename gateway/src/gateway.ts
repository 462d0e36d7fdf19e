import type { Logger, RunningService } from '@slipway/service';
import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module';
import type { GatewayConfig } from './config';
import { SLACK_INTERACTIONS_PATH, slackRequestBody } from './slack/slack-request-body';

const API_PATHS = ['/graphql', '/healthz', '/readyz', '/auth/', '/export/'];

export async function startGateway(config: GatewayConfig, logger: Logger): Promise<RunningService> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    logger: nestLogger(logger),
    bodyParser: true,
  });
  // Before any other parser: Slack signs the exact bytes it sends.
  app.use(SLACK_INTERACTIONS_PATH, slackRequestBody());
  app.useBodyParser('json', { limit: '1mb' });
  app.enableShutdownHooks();
  if (config.SLIPWAY_WEB_DIR) serveConsole(app, config.SLIPWAY_WEB_DIR);
  await app.listen(config.PORT, config.HOST);
  logger.info({ url: `http://${config.HOST}:${config.PORT}/graphql` }, 'gateway listening');
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  return {
    done,
    stop: async () => {
      await app.close();
      resolveDone();
    },
  };
}

/** The web console, built by Vite: its files, and index.html for every page route. */
function serveConsole(app: NestExpressApplication, webDir: string): void {
  const index = join(webDir, 'index.html');
  if (!existsSync(index)) throw new Error(`SLIPWAY_WEB_DIR has no index.html: ${webDir}`);
  app.useStaticAssets(webDir, { index: false, maxAge: '1h' });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' || API_PATHS.some((path) => request.path.startsWith(path))) return next();
    response.sendFile(index);
  });
}

function nestLogger(logger: Logger): LoggerService {
  return {
    log: (message: unknown, context?: string) => logger.debug({ context }, String(message)),
    error: (message: unknown, trace?: string, context?: string) =>
      logger.error({ context, trace }, String(message)),
    warn: (message: unknown, context?: string) => logger.warn({ context }, String(message)),
    debug: (message: unknown, context?: string) => logger.debug({ context }, String(message)),
    verbose: (message: unknown, context?: string) => logger.trace({ context }, String(message)),
  };
}
