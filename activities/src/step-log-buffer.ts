/** Lines a step printed, sent on in batches so the console can follow without a write per line. */
export type StepLogSink = (lines: Array<{ at: Date; line: string }>) => Promise<void>;

export const LOG_FLUSH_INTERVAL_MS = 200;

/**
 * Splits output into lines and hands them to the sink every ~200 ms and at the end. A sink that fails
 * never fails the step: the step's own output keeps the tail either way.
 */
export class StepLogBuffer {
  private partial = '';
  private lines: Array<{ at: Date; line: string }> = [];
  private sending: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sink: StepLogSink,
    private readonly onSinkError: (error: unknown) => void,
  ) {
    this.timer = setInterval(() => this.flush(), LOG_FLUSH_INTERVAL_MS);
  }

  write(text: string): void {
    const parts = (this.partial + text).split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    const at = new Date();
    for (const line of parts) this.lines.push({ at, line });
  }

  /** Sends what is left, the unfinished last line included, and stops the timer. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    if (this.partial) this.lines.push({ at: new Date(), line: this.partial });
    this.partial = '';
    this.flush();
    await this.sending;
  }

  private flush(): void {
    if (this.lines.length === 0) return;
    const batch = this.lines;
    this.lines = [];
    this.sending = this.sending.then(() => this.sink(batch)).catch(this.onSinkError);
  }
}
