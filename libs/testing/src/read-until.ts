/**
 * Reads until `done` holds for what was read, every `everyMs`, and answers that; past `timeoutMs` it
 * throws naming `what` and the last thing read. For state a test waits on through an API (a deployment
 * ending), never for a fixed sleep.
 */
export async function readUntil<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 90_000, everyMs = 250 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`${what}: still not there after ${timeoutMs} ms; last read ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
