import { EventEmitter } from 'node:events';
import type { DeploymentEventListener } from '@slipway/events';
import type { DeploymentEventModel } from '../deployments/deployment.model';
import { liveEventStream } from './live-event-stream';

function event(id: number, deploymentId: string, type = 'STEP_STARTED'): DeploymentEventModel {
  return { id: String(id), deploymentId, sequence: id, type, occurredAt: new Date(0), step: 0, detail: null };
}

/** A stand-in for the LISTEN connection and the event log of every deployment. */
class FakeLog {
  readonly emitter = new EventEmitter();
  readonly listener = this.emitter as unknown as DeploymentEventListener;
  readonly rows: DeploymentEventModel[] = [];
  reads = 0;
  append(...events: DeploymentEventModel[]): void {
    this.rows.push(...events);
  }
  announce(deploymentId: string): void {
    this.emitter.emit('event', { deploymentId });
  }
  page = (afterId: string): Promise<DeploymentEventModel[]> => {
    this.reads += 1;
    return Promise.resolve(this.rows.filter((row) => Number(row.id) > Number(afterId)).slice(0, 2));
  };
}

async function take(stream: AsyncIterator<{ id: string }>, count: number): Promise<string[]> {
  const ids: string[] = [];
  while (ids.length < count) {
    const next = await stream.next();
    if (next.done) break;
    ids.push(next.value.id);
  }
  return ids;
}

describe('liveEventStream', () => {
  it('follows every deployment: a notice from any of them wakes it, and it reads on from its last id', async () => {
    const log = new FakeLog();
    log.append(event(1, 'a'), event(2, 'b'), event(3, 'a'));
    const stream = liveEventStream(log.listener, '1', log.page);
    expect(await take(stream, 2)).toEqual(['2', '3']);
    const next = take(stream, 2);
    log.append(event(4, 'c'), event(5, 'd'));
    log.announce('c');
    expect(await next).toEqual(['4', '5']);
    await stream.return(undefined);
  });

  it('goes on after a deployment ends: only the client ends it', async () => {
    const log = new FakeLog();
    log.append(event(1, 'a', 'DEPLOYMENT_SUCCEEDED'));
    const stream = liveEventStream(log.listener, '0', log.page);
    expect(await take(stream, 1)).toEqual(['1']);
    const next = take(stream, 1);
    log.append(event(2, 'b', 'DEPLOYMENT_QUEUED'));
    log.announce('b');
    expect(await next).toEqual(['2']);
    await stream.return(undefined);
  });

  it('catches up after the LISTEN connection comes back, since notifications sent meanwhile were lost', async () => {
    const log = new FakeLog();
    const stream = liveEventStream(log.listener, '0', log.page);
    const received = take(stream, 3);
    log.append(event(1, 'a'), event(2, 'b'), event(3, 'c'));
    log.emitter.emit('reconnected');
    expect(await received).toEqual(['1', '2', '3']);
    await stream.return(undefined);
  });

  it('ends at once when the client leaves while it waits for news, and stops listening and reading', async () => {
    const log = new FakeLog();
    const stream = liveEventStream(log.listener, '0', log.page);
    const waiting = stream.next();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.emitter.listenerCount('event')).toBe(1);
    await expect(stream.return(undefined)).resolves.toEqual({ done: true, value: undefined });
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
    expect(log.emitter.listenerCount('event')).toBe(0);
    expect(log.emitter.listenerCount('reconnected')).toBe(0);
    const reads = log.reads;
    log.append(event(1, 'a'));
    log.announce('a');
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.reads).toBe(reads);
  });
});
