import type { Logger } from '@slipway/service';
import { gitHubHeaders } from '@slipway/testing';
import { gitHubBranchPush, gitHubExample } from '../test/examples';
import { ReleaseDispatcher } from './release-dispatcher';
import type { PendingRelease, ReleaseOutbox, StartResult } from './release-outbox';
import type { StartRelease } from './release-starter';
import type { Delivery, DeliveryResult } from './webhook-deliveries';
import { WebhookReceiver, type WebhookReceiverDependencies } from './webhook-receiver';

const SECRET = 'whsec_receiver-test-secret';
const RELEASE_ID = 'release-shop-6113728f27ae82c7b1a177c8d03f9e96e0adf246';
const PROJECT = {
  name: 'shop',
  repositoryUrl: '/srv/shop.git',
  specPath: '.slipway.yml',
  vcs: { provider: 'github' as const, repository: 'Codertocat/Hello-World' },
};

/**
 * The receiver and the dispatcher with the world faked: the request never waits for Temporal, and a
 * queued release is retried until Temporal takes it.
 */
describe('WebhookReceiver with the release dispatcher', () => {
  const recorded: Array<Delivery & { outcome: string }> = [];
  const queued: PendingRelease[] = [];
  const results: StartResult[] = [];
  const logged: unknown[] = [];
  const ciChanges: Array<{ project: string; sha: string }> = [];
  const logger = {
    info: (...args: unknown[]) => logged.push(args),
    warn: (...args: unknown[]) => logged.push(args),
    error: (...args: unknown[]) => logged.push(args),
  } as unknown as Logger;

  /** As release_starts: a started release leaves, a failed one stays with one more attempt. */
  const outbox: ReleaseOutbox = {
    dispatchDue: async (limit, start) => {
      const due = queued.slice(0, limit);
      const outcomes = await start(due.map((release) => ({ ...release })));
      for (const result of outcomes) {
        results.push(result);
        const index = queued.findIndex((release) => release.workflowId === result.workflowId);
        if ('start' in result) queued.splice(index, 1);
        else queued[index]!.attempts += 1;
      }
      return due.length;
    },
  };

  function receiver(
    accept: WebhookReceiverDependencies['accept'] = (delivery, outcome, release) => {
      recorded.push({ ...delivery, outcome });
      if (release) queued.push({ ...release, attempts: 0 });
      return Promise.resolve<DeliveryResult>({ duplicate: false, outcome });
    },
  ): WebhookReceiver {
    return new WebhookReceiver({
      projectOf: () => Promise.resolve(PROJECT),
      secretsOf: () => Promise.resolve([SECRET]),
      accept,
      releaseQueued: () => undefined,
      ciChanged: (project, sha) => ciChanges.push({ project, sha }),
      logger,
    });
  }

  function dispatcher(startRelease: StartRelease): ReleaseDispatcher {
    return new ReleaseDispatcher({ outbox, startRelease, logger, retryDelayMs: () => 0 });
  }

  function push(delivery = 'delivery-1'): Promise<{ status: number; body: Record<string, unknown> }> {
    const body = JSON.stringify(gitHubBranchPush());
    return receiver().receive('github', gitHubHeaders('push', body, SECRET, delivery), Buffer.from(body));
  }

  const log = () =>
    JSON.stringify(logged, (_key, value: unknown) => (value instanceof Error ? value.message : value));

  beforeEach(() => {
    recorded.length = 0;
    queued.length = 0;
    results.length = 0;
    logged.length = 0;
    ciChanges.length = 0;
  });

  it('answers 202 without Temporal; the dispatcher retries the start until Temporal answers, logging neither secret nor body', async () => {
    expect(await push()).toEqual({ status: 202, body: { release: RELEASE_ID } });
    expect(recorded).toEqual([
      expect.objectContaining({ deliveryId: 'delivery-1', outcome: `queued ${RELEASE_ID}` }),
    ]);
    // The release knows the connected repository, so each of its deployments is reported back there.
    expect(queued[0]?.input.project).toEqual(PROJECT);

    let calls = 0;
    const releases = dispatcher((workflowId) => {
      calls += 1;
      return calls <= 2
        ? Promise.reject(new Error('14 UNAVAILABLE: connection refused'))
        : Promise.resolve(workflowId === RELEASE_ID ? 'started' : 'already started');
    });
    for (let round = 0; round < 5 && queued.length > 0; round += 1) await releases.dispatchOnce();

    expect(queued).toEqual([]);
    expect(results).toEqual([
      { workflowId: RELEASE_ID, error: '14 UNAVAILABLE: connection refused', retryInMs: 0 },
      { workflowId: RELEASE_ID, error: '14 UNAVAILABLE: connection refused', retryInMs: 0 },
      { workflowId: RELEASE_ID, start: 'started' },
    ]);
    expect(log()).toContain('14 UNAVAILABLE');
    expect(log()).toContain('delivery-1');
    expect(log()).not.toContain(SECRET);
    expect(log()).not.toContain('Initial commit');
  });

  it('a finished check suite wakes the deployments waiting for CI of that commit, once, and starts nothing', async () => {
    const suite = gitHubExample('check_suite', (p) => p['action'] === 'completed');
    const body = JSON.stringify(suite);
    // As webhook_deliveries: a redelivery is recognised by its id.
    const deduplicating = receiver((delivery, outcome) => {
      const duplicate = recorded.some((known) => known.deliveryId === delivery.deliveryId);
      if (!duplicate) recorded.push({ ...delivery, outcome });
      return Promise.resolve<DeliveryResult>(duplicate ? { duplicate } : { duplicate, outcome });
    });
    const deliver = () =>
      deduplicating.receive(
        'github',
        gitHubHeaders('check_suite', body, SECRET, 'delivery-ci'),
        Buffer.from(body),
      );

    expect(await deliver()).toEqual({ status: 202, body: { ci: 'check suite completed: success' } });
    expect(await deliver()).toEqual({ status: 200, body: { duplicate: true } });
    expect(ciChanges).toEqual([{ project: 'shop', sha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821' }]);
    expect(queued).toEqual([]);
    expect(recorded).toEqual([
      expect.objectContaining({
        deliveryId: 'delivery-ci',
        event: 'check_suite',
        outcome: 'ci: ec26c3e57ca3a959ca5aad62de7213c562f8c821 check suite completed: success',
      }),
    ]);
  });

  it('a release already running for that commit counts as started', async () => {
    expect(await push()).toEqual({ status: 202, body: { release: RELEASE_ID } });
    await dispatcher(() => Promise.resolve('already started')).dispatchOnce();
    expect(queued).toEqual([]);
    expect(results).toEqual([{ workflowId: RELEASE_ID, start: 'already started' }]);
  });

  it('answers 503 and records nothing when PostgreSQL fails, without logging the secret or body', async () => {
    const body = JSON.stringify(gitHubBranchPush());
    const answer = await receiver(() => Promise.reject(new Error('connection terminated'))).receive(
      'github',
      gitHubHeaders('push', body, SECRET, 'delivery-2'),
      Buffer.from(body),
    );
    expect(answer).toEqual({
      status: 503,
      body: { error: 'could not record the webhook now; redeliver it later' },
    });
    expect(recorded).toEqual([]);
    expect(queued).toEqual([]);
    expect(log()).toContain('delivery-2');
    expect(log()).not.toContain(SECRET);
    expect(log()).not.toContain('Initial commit');
  });
});
