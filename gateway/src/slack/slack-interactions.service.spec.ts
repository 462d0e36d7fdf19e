import { APPROVE_ACTION } from '@slipway/domain';
import { createLogger } from '@slipway/service';
import { createHmac } from 'node:crypto';
import type { SlackDecision } from './slack-interaction';
import { SlackInteractionsService } from './slack-interactions.service';

const SECRET = 'test-signing-secret';
const DEPLOYMENT = '7c1b1f1e-3a55-4c55-9a8e-2f7f0f0d5b11';
const RESPONSE_URL = 'https://hooks.slack.com/actions/T1/2/3';

function signed(body: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const hex = createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex');
  return { timestamp, signature: `v0=${hex}`, rawBody: Buffer.from(body) };
}

const approveClick = new URLSearchParams({
  payload: JSON.stringify({
    type: 'block_actions',
    user: { id: 'U024BE7LH' },
    response_url: RESPONSE_URL,
    actions: [{ action_id: APPROVE_ACTION, value: DEPLOYMENT }],
  }),
}).toString();

/** The endpoint with a request log in memory, and a decision that finishes only when the test says so. */
function endpoint() {
  const seen = new Set<string>();
  const clicks: SlackDecision[] = [];
  const replies: Array<{ url: string; text: string }> = [];
  let finish: (text: string) => void = () => undefined;
  const decision = new Promise<string>((resolve) => (finish = resolve));
  // Released whatever happens, so a failing test cannot leave Jest waiting.
  const safety = setTimeout(() => finish('released by the safety timer'), 10_000);
  const service = new SlackInteractionsService(
    { signingSecret: SECRET, botToken: 'xoxb-1', apiUrl: 'https://slack.com/api/' },
    {
      firstSeen: (signature) => {
        const first = !seen.has(signature);
        seen.add(signature);
        return Promise.resolve(first);
      },
    },
    {
      decide: (click) => {
        clicks.push(click);
        return decision;
      },
    },
    {
      send: (url, text) => {
        replies.push({ url, text });
        return Promise.resolve();
      },
    },
    createLogger('test', 'silent'),
  );
  return { service, clicks, replies, finish, done: () => clearTimeout(safety) };
}

describe("Slack's interactivity endpoint", () => {
  it('acknowledges a signed click before the decision is made, then tells the person its outcome', async () => {
    const { service, clicks, replies, finish, done } = endpoint();
    try {
      expect(await service.receive(signed(approveClick))).toEqual({ status: 200, text: '' });
      expect(clicks).toEqual([
        {
          decision: 'approve',
          deploymentId: DEPLOYMENT,
          slackUserId: 'U024BE7LH',
          responseUrl: RESPONSE_URL,
        },
      ]);
      expect(replies).toEqual([]);
      finish('Approved — 1 more approval needed');
      await service.beforeApplicationShutdown();
      expect(replies).toEqual([{ url: RESPONSE_URL, text: 'Approved — 1 more approval needed' }]);
    } finally {
      done();
    }
  });

  it('refuses the same signed request a second time, without deciding again', async () => {
    const { service, clicks, finish, done } = endpoint();
    try {
      const request = signed(approveClick);
      expect((await service.receive(request)).status).toBe(200);
      expect(await service.receive(request)).toEqual({ status: 401, text: 'replayed request' });
      expect(clicks).toHaveLength(1);
      finish('Approved');
      await service.beforeApplicationShutdown();
    } finally {
      done();
    }
  });

  it('says what is wrong with a signed body it cannot read, and decides nothing', async () => {
    const { service, clicks, done } = endpoint();
    try {
      expect(await service.receive(signed('payload=%7B'))).toEqual({
        status: 400,
        text: 'the payload field is not JSON',
      });
      expect(clicks).toEqual([]);
    } finally {
      done();
    }
  });

  it('refuses an unsigned request before looking at it', async () => {
    const { service, clicks, done } = endpoint();
    try {
      const request = { ...signed(approveClick), signature: undefined };
      expect(await service.receive(request)).toEqual({ status: 401, text: 'bad signature' });
      expect(clicks).toEqual([]);
    } finally {
      done();
    }
  });
});
