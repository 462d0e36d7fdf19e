import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import { DEPLOYMENT_EVENTS_CHANNEL, parseNotice, type DeploymentNotice } from './channel';

export interface ListenerLog {
  warn(details: object, message: string): void;
}

/**
 * One LISTEN connection per process. When the connection drops (PostgreSQL restarted), it
 * reconnects with backoff and emits `reconnected`, so subscribers can catch up from the log.
 */
export class DeploymentEventListener extends EventEmitter<{
  event: [DeploymentNotice];
  reconnected: [];
}> {
  private client: Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly log: ListenerLog,
  ) {
    super();
    this.setMaxListeners(0);
  }

  async start(): Promise<void> {
    await this.connect();
  }

  isConnected(): boolean {
    return this.client !== null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'slipway-listener' });
    client.on('notification', (message) => {
      const notice = parseNotice(message.payload);
      if (notice) this.emit('event', notice);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    await client.connect();
    await client.query(`LISTEN ${DEPLOYMENT_EVENTS_CHANNEL}`);
    this.client = client;
  }

  private lost(client: Client, error: Error): void {
    if (this.stopped || this.client !== client) return;
    this.client = null;
    this.log.warn({ err: error }, 'lost the PostgreSQL LISTEN connection; reconnecting');
    client.end().catch(() => undefined);
    this.scheduleReconnect(250);
  }

  private scheduleReconnect(delayMs: number): void {
    this.retryTimer = setTimeout(() => {
      if (this.stopped) return;
      this.connect().then(
        () => this.emit('reconnected'),
        () => this.scheduleReconnect(Math.min(delayMs * 2, 5000)),
      );
    }, delayMs);
  }
}
