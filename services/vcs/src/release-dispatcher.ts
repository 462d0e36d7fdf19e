import type { Logger } from '@slipway/service';
import type { PendingRelease, ReleaseOutbox, StartResult } from './release-outbox';
import type { StartRelease } from './release-starter';

export interface ReleaseDispatcherOptions {
  outbox: ReleaseOutbox;
  startRelease: StartRelease;
  logger: Logger;
  /**
   * Releases taken (and started concurrently) at once. Small enough that a batch does not crowd out
   * the webhook requests this process answers; Temporal (~200 starts/s here) is the limit anyway.
   */
  batchSize?: number;
  /** How often the outbox is looked at without a wake-up: picks up rows another process or a crash left. */
  pollIntervalMs?: number;
  /** How long a failed start waits before its next attempt, after `attempts` earlier failures. */
  retryDelayMs?: (attempts: number) => number;
}

const MAX_RETRY_DELAY_MS = 60_000;

/** 1 s, 2 s, 4 s … up to a minute: Temporal gets room to come back without the outbox hammering it. */
export function exponentialRetryDelay(attempts: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** Math.min(attempts, 16));
}

/**
 * Starts the releases webhooks queued in the outbox: right after each accepted webhook (wake), and
 * on a timer for whatever is left. A release leaves the outbox only once Temporal has it.
 */
export class ReleaseDispatcher {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly retryDelayMs: (attempts: number) => number;
  private running: Promise<void> | null = null;
  private stopping = false;
  /** Counts wake-ups, so the loop sees one that came while a batch was in flight. */
  private wakeUps = 0;
  private interruptSleep: (() => void) | null = null;

  constructor(private readonly options: ReleaseDispatcherOptions) {
    this.batchSize = options.batchSize ?? 32;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.retryDelayMs = options.retryDelayMs ?? exponentialRetryDelay;
  }

  /** Begins dispatching at once: rows left from before the start are taken first. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  /** A release was just queued: look now instead of at the next poll. */
  wake(): void {
    this.wakeUps += 1;
    this.interruptSleep?.();
  }

  /** Lets the batch in flight finish (its results are recorded), then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.interruptSleep?.();
    await this.running;
    this.running = null;
  }

  /** One batch: answers how many releases were taken (started or not). */
  async dispatchOnce(): Promise<number> {
    return this.options.outbox.dispatchDue(this.batchSize, (due) =>
      Promise.all(due.map((release) => this.startOne(release))),
    );
  }

  private async startOne(release: PendingRelease): Promise<StartResult> {
    try {
      const start = await this.options.startRelease(release.workflowId, release.input);
      // One line per release a webhook started: how long it waited in the outbox shows here.
      this.options.logger.info(
        { workflowId: release.workflowId, start, attempts: release.attempts + 1 },
        'release from a webhook started',
      );
      return { workflowId: release.workflowId, start };
    } catch (error) {
      const retryInMs = this.retryDelayMs(release.attempts);
      // The error message only: the input (commit message, author) stays out of the log and the table.
      const message = error instanceof Error ? error.message : String(error);
      this.options.logger.warn(
        { workflowId: release.workflowId, attempts: release.attempts + 1, retryInMs, err: message },
        'release could not be started; it stays queued and is retried',
      );
      return { workflowId: release.workflowId, error: message, retryInMs };
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const wakeUpsBefore = this.wakeUps;
      let taken = 0;
      try {
        taken = await this.dispatchOnce();
      } catch (error) {
        this.options.logger.error({ err: error }, 'the release outbox could not be read; trying again');
      }
      // A full batch means more may be due; a wake-up during the batch may have queued one after the select.
      if (taken >= this.batchSize || this.wakeUps !== wakeUpsBefore) continue;
      await this.sleep(this.pollIntervalMs);
    }
  }

  /** Waits for the next poll, a wake-up or stop(), whichever comes first. */
  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.interruptSleep = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.interruptSleep = done;
    });
  }
}
