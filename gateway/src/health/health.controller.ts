import type { DeploymentEventListener } from '@slipway/events';
import { Controller, Get, HttpException, Inject } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE, EVENT_LISTENER, TEMPORAL_CLIENT } from '../common/injection-tokens';

@Controller()
export class HealthController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(EVENT_LISTENER) private readonly listener: DeploymentEventListener,
  ) {}

  @Get('healthz')
  health(): { status: string } {
    return { status: 'ok' };
  }

  /** Ready when PostgreSQL, the LISTEN connection and Temporal all answer; names those that do not. */
  @Get('readyz')
  async ready(): Promise<{ status: string }> {
    const failures: Record<string, string> = {};
    await Promise.all([
      this.dataSource.query('SELECT 1').catch((error: unknown) => (failures.postgres = String(error))),
      this.temporal.workflowService
        .getSystemInfo({})
        .catch((error: unknown) => (failures.temporal = String(error))),
    ]);
    if (!this.listener.isConnected()) failures.listener = 'not listening for deployment events';
    if (Object.keys(failures).length > 0) throw new HttpException({ status: 'not ready', failures }, 503);
    return { status: 'ready' };
  }
}
