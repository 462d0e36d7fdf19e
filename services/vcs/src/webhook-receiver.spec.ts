import type { Logger } from '@slipway/service';
import { gitHubHeaders } from '@slipway/testing';
import { gitHubBranchPush } from '../test/examples';
import type { Delivery, DeliveryResult } from './webhook-deliveries';
import { WebhookReceiver, type WebhookReceiverDependencies } from './webhook-receiver';

const SECRET = 'whsec_receiver-test-secret';

/** The receiver with the world faked: what it answers and logs when Temporal cannot start a release. */
describe('WebhookReceiver', () => {
  const recorded: Delivery[] = [];
  const logged: unknown[] = [];
  const logger = {
    info: (...args: unknown[]) => logged.push(args),
    warn: (...args: unknown[]) => logged.push(args),
    error: (...args: unknown[]) => logged.push(args),
  } as unknown as Logger;

  function receiver(startRelease: WebhookReceiverDependencies['startRelease']): WebhookReceiver {
    return new WebhookReceiver({
      projectOf: () =>
        Promise.resolve({ name: 'shop', repositoryUrl: '/srv/shop.git', specPath: '.slipway.yml' }),
      secretsOf: () => Promise.resolve([SECRET]),
      // As in PostgreSQL: the row stays only if the act succeeds.
      accept: async (delivery, outcome, act): Promise<DeliveryResult> => {
        const actual = act ? await act() : outcome;
        recorded.push(delivery);
        return { duplicate: false, outcome: actual };
      },
      startRelease,
      logger,
    });
  }

  beforeEach(() => {
    recorded.length = 0;
    logged.length = 0;
  });

  it('answers 503 and records nothing when the release cannot be started, without logging the secret or body', async () => {
    const body = JSON.stringify(gitHubBranchPush());
    const answer = await receiver(() =>
      Promise.reject(new Error('14 UNAVAILABLE: connection refused')),
    ).receive('github', gitHubHeaders('push', body, SECRET, 'delivery-1'), Buffer.from(body));
    expect(answer).toEqual({
      status: 503,
      body: { error: 'could not record and start the release now; redeliver it later' },
    });
    expect(recorded).toEqual([]);
    const log = JSON.stringify(logged, (_key, value: unknown) =>
      value instanceof Error ? value.message : value,
    );
    expect(log).toContain('delivery-1');
    expect(log).not.toContain(SECRET);
    expect(log).not.toContain('Initial commit');
  });

  it('answers 202 with the release id when the release is already running for that commit', async () => {
    const body = JSON.stringify(gitHubBranchPush());
    const answer = await receiver(() => Promise.resolve('already started')).receive(
      'github',
      gitHubHeaders('push', body, SECRET),
      Buffer.from(body),
    );
    expect(answer).toEqual({
      status: 202,
      body: { release: 'release-shop-6113728f27ae82c7b1a177c8d03f9e96e0adf246' },
    });
  });
});
