import { EventEmitter } from 'node:events';
import type { DeploymentEventListener } from '@slipway/events';
import { deploymentEventStream, stepLogStream } from './deployment-event-stream';
import type { DeploymentEventModel, StepLogLineModel } from './deployment.model';

const DEPLOYMENT = 'd0c5a1e2-0000-4000-8000-000000000001';

function event(id: number, type = 'STEP_STARTED'): DeploymentEventModel {
  return {
    id: String(id),
    deploymentId: DEPLOYMENT,
    sequence: id,
    type,
    occurredAt: new Date(0),
    step: 0,
    detail: null,
  };
}

/** A stand-in for the LISTEN connection and the event log it announces. */
class FakeLog {
  readonly listener = new EventEmitter() as unknown as DeploymentEventListener;
  readonly rows: DeploymentEventModel[] = [];
  append(...events: DeploymentEventModel[]): void {
    this.rows.push(...events);
  }
  announce(deploymentId = DEPLOYMENT): void {
    (this.listener as unknown as EventEmitter).emit('event', { deploymentId });
  }
  page = (afterId: string): Promise<DeploymentEventModel[]> =>
    Promise.resolve(this.rows.filter((row) => Number(row.id) > Number(afterId)).slice(0, 2));
}

async function take(stream: AsyncGenerator<{ id: string }>, count: number): Promise<string[]> {
  const ids: string[] = [];
  while (ids.length < count) {
    const next = await stream.next();
    if (next.done) break;
    ids.push(next.value.id);
  }
  return ids;
}

describe('deploymentEventStream', () => {
  it('replays what happened before the subscription, page after page, then follows live', async () => {
    const log = new FakeLog();
    log.append(event(1, 'DEPLOYMENT_QUEUED'), event(2), event(3));
    const stream = deploymentEventStream(DEPLOYMENT, '0', log.listener, log.page);
    expect(await take(stream, 3)).toEqual(['1', '2', '3']);
    const next = take(stream, 1);
    log.append(event(4));
    log.announce();
    expect(await next).toEqual(['4']);
    await stream.return(undefined);
  });

  it('resumes after the last event id the client saw, with no gap and no duplicate', async () => {
    const log = new FakeLog();
    log.append(event(1), event(2), event(3), event(4));
    const stream = deploymentEventStream(DEPLOYMENT, '2', log.listener, log.page);
    expect(await take(stream, 2)).toEqual(['3', '4']);
    await stream.return(undefined);
  });

  it('delivers each event once even when notifications are duplicated or arrive for other deployments', async () => {
    const log = new FakeLog();
    const stream = deploymentEventStream(DEPLOYMENT, '0', log.listener, log.page);
    const received = take(stream, 3);
    log.append(event(1), event(2));
    log.announce('someone-else');
    log.announce();
    log.announce();
    await new Promise((resolve) => setImmediate(resolve));
    log.append(event(3));
    log.announce();
    expect(await received).toEqual(['1', '2', '3']);
    await stream.return(undefined);
  });

  it('catches up after the LISTEN connection comes back, since notifications sent meanwhile were lost', async () => {
    const log = new FakeLog();
    const stream = deploymentEventStream(DEPLOYMENT, '0', log.listener, log.page);
    const received = take(stream, 2);
    log.append(event(1), event(2));
    (log.listener as unknown as EventEmitter).emit('reconnected');
    expect(await received).toEqual(['1', '2']);
    await stream.return(undefined);
  });

  it('completes after the final event and stops listening', async () => {
    const log = new FakeLog();
    log.append(event(1), event(2, 'DEPLOYMENT_SUCCEEDED'), event(3, 'UNEXPECTED'));
    const stream = deploymentEventStream(DEPLOYMENT, '0', log.listener, log.page);
    expect(await take(stream, 10)).toEqual(['1', '2']);
    expect((log.listener as unknown as EventEmitter).listenerCount('event')).toBe(0);
  });

  it('follows step output until the deployment has ended and every line is delivered', async () => {
    const log = new FakeLog();
    const lines: StepLogLineModel[] = [];
    const printed = (id: number): StepLogLineModel => ({
      id: String(id),
      step: 0,
      attempt: 1,
      rollback: false,
      at: new Date(0),
      line: `line ${id}`,
    });
    const page = (afterId: string) =>
      Promise.resolve(lines.filter((line) => Number(line.id) > Number(afterId)));
    let ended = false;
    lines.push(printed(1), printed(2));
    const stream = stepLogStream(DEPLOYMENT, '0', log.listener, page, () => Promise.resolve(ended));
    expect(await take(stream, 2)).toEqual(['1', '2']);
    const rest = take(stream, 10);
    lines.push(printed(3));
    ended = true;
    log.announce();
    expect(await rest).toEqual(['3']);
  });
});
