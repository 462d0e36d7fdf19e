import type { DeploymentEventListener, DeploymentNotice } from '@slipway/events';

/** The items of an append-only table after `afterId`, oldest first, one page at a time. */
export type Page<T> = (afterId: string) => Promise<T[]>;

export interface Following<T> {
  /** Which notifications may announce something for this stream. */
  wakesOn: (notice: DeploymentNotice) => boolean;
  /** The stream ends after the item for which this holds. */
  isLast?: (item: T) => boolean;
  /** After a catch-up that found nothing new: nothing more can come, so read once more and end. */
  hasEnded?: () => Promise<boolean>;
}

/**
 * What was appended after `afterId`, in order, each item exactly once: every notification only wakes
 * the stream, which then reads the table from the last id it delivered. A missed or duplicated
 * notification, or a LISTEN connection that dropped and came back, therefore never loses or repeats an
 * item. Ending it (`return()`, as graphql-ws does when the client leaves) stops it at once, even while
 * it waits for news that may never come.
 */
export function followLog<T extends { id: string }>(
  listener: DeploymentEventListener,
  afterId: string,
  page: Page<T>,
  following: Following<T>,
): AsyncGenerator<T, void, undefined> {
  const stop = new AbortController();
  const items = follow(listener, afterId, page, following, stop.signal);
  // An async generator queues return() behind a pending next(): a stream that waits for a notice
  // would stay subscribed until one came. Aborting first wakes it, so it ends now.
  const stream = {
    next: () => items.next(),
    return: (value: void | PromiseLike<void>) => {
      stop.abort();
      return items.return(value);
    },
    throw: (error: unknown) => {
      stop.abort();
      return items.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
    // `await using` ends it too; some TypeScript lib settings require this of an AsyncGenerator.
    [Symbol.asyncDispose]: async () => {
      stop.abort();
      await items.return(undefined);
    },
  };
  return stream;
}

async function* follow<T extends { id: string }>(
  listener: DeploymentEventListener,
  afterId: string,
  page: Page<T>,
  { wakesOn, isLast, hasEnded }: Following<T>,
  stopped: AbortSignal,
): AsyncGenerator<T, void, undefined> {
  let lastId = afterId;
  let wake: (() => void) | null = null;
  let pending = true;
  let ending = false;
  const poke = (): void => {
    pending = true;
    wake?.();
  };
  const onNotice = (notice: DeploymentNotice): void => {
    if (wakesOn(notice)) poke();
  };
  listener.on('event', onNotice);
  listener.on('reconnected', poke);
  stopped.addEventListener('abort', poke);
  try {
    for (;;) {
      if (!pending) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      pending = false;
      if (stopped.aborted) return;
      for (let items = await page(lastId); items.length > 0; items = await page(lastId)) {
        for (const item of items) {
          lastId = item.id;
          yield item;
          if (isLast?.(item)) return;
        }
      }
      if (ending) return;
      // Items stored between that last read and this check would be missed: read once more, then stop.
      if (hasEnded && (await hasEnded())) {
        ending = true;
        pending = true;
      }
    }
  } finally {
    listener.off('event', onNotice);
    listener.off('reconnected', poke);
    stopped.removeEventListener('abort', poke);
  }
}
