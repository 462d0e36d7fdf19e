import { slackMethod, startSlackApi, type SlackApiServer } from '@slipway/testing';
import { DeliveryError } from '../delivery-error';
import { createSlackApi, type SlackApi, type SlackMessage } from './slack-api';

const message = (text: string): SlackMessage => ({
  text,
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } }],
});

/** The DeliveryError a call rejected with, for assertions on every part of it. */
async function refusal(call: Promise<unknown>): Promise<DeliveryError> {
  const error = await call.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof DeliveryError)) throw new Error(`expected a DeliveryError, got ${String(error)}`);
  return error;
}

describe('createSlackApi', () => {
  let server: SlackApiServer;
  let slack: SlackApi;
  beforeEach(async () => {
    server = await startSlackApi();
    slack = createSlackApi({ token: server.token, apiUrl: server.url });
  });
  afterEach(() => server.stop());

  it('posts to a channel by name and answers with the channel id and ts', async () => {
    const id = server.addChannel('deploys');

    const posted = await slack.post(
      '#deploys',
      message('hello → production: Deploying'),
      'd1/slack/#deploys',
    );

    expect(posted.channel).toBe(id);
    const [shown] = server.messages(id);
    expect(shown).toEqual({
      ts: posted.ts,
      threadTs: null,
      versions: [
        {
          ...message('hello → production: Deploying'),
          metadata: { event_type: 'slipway_notification', event_payload: { key: 'd1/slack/#deploys' } },
        },
      ],
    });
  });

  it('posts a reply in the thread of a message', async () => {
    server.addChannel('deploys');
    const parent = await slack.post('#deploys', message('failed'), 'd1/slack');

    const reply = await slack.post(parent.channel, message('health-check failed'), 'd1/reply', parent.ts);

    expect(server.messages('deploys').map((posted) => [posted.ts, posted.threadTs])).toEqual([
      [parent.ts, null],
      [reply.ts, parent.ts],
    ]);
  });

  it('updates the message in place', async () => {
    server.addChannel('deploys');
    const posted = await slack.post('#deploys', message('Deploying'), 'd1/slack');

    await slack.update(posted, message('FAILED at health-check'));

    const versions = server.messages('deploys')[0]?.versions.map((version) => version.text);
    expect(versions).toEqual(['Deploying', 'FAILED at health-check']);
  });

  describe('findPosted', () => {
    it('finds a message posted with the key, by channel name or id', async () => {
      const id = server.addChannel('deploys');
      await slack.post('#deploys', message('other'), 'd0/slack');
      const posted = await slack.post('#deploys', message('mine'), 'd1/slack');
      await slack.post('#deploys', message('later'), 'd2/slack');

      expect(await slack.findPosted('#deploys', 'd1/slack')).toEqual(posted);
      expect(await slack.findPosted(id, 'd1/slack')).toEqual(posted);
    });

    it('finds a thread reply posted with the key, with or without its thread', async () => {
      server.addChannel('deploys');
      const parent = await slack.post('#deploys', message('failed'), 'd1/slack');
      await slack.post('#deploys', message('another deployment'), 'd2/slack');
      const reply = await slack.post(parent.channel, message('health-check failed'), 'd1/reply', parent.ts);

      expect(await slack.findPosted(parent.channel, 'd1/reply')).toEqual(reply);
      expect(await slack.findPosted(parent.channel, 'd1/reply', parent.ts)).toEqual(reply);
    });

    it('finds a direct message to a user by the user id', async () => {
      const ada = server.addUser({ name: 'ada', email: 'ada@example.com' });
      const posted = await slack.post(ada.id, message('your change reached production'), 'd1/arrival/ada');

      expect(posted.channel).toMatch(/^D/);
      expect(await slack.findPosted(ada.id, 'd1/arrival/ada')).toEqual(posted);
    });

    it('answers null when nothing was posted with the key', async () => {
      server.addChannel('deploys');
      const parent = await slack.post('#deploys', message('failed'), 'd1/slack');
      await slack.post(parent.channel, message('reply'), 'd1/reply', parent.ts);

      expect(await slack.findPosted('#deploys', 'd9/slack')).toBeNull();
      expect(await slack.findPosted(parent.channel, 'd9/reply', parent.ts)).toBeNull();
      expect(await slack.findPosted('#nowhere', 'd1/slack')).toBeNull();
      expect(await slack.findPosted(parent.channel, 'd9/reply', '1.000001')).toBeNull();
    });

    it('looks at the latest 100 messages of the channel only', async () => {
      server.addChannel('deploys');
      await slack.post('#deploys', message('old'), 'd1/slack');
      for (let index = 0; index < 100; index += 1)
        await slack.post('#deploys', message('newer'), `n${index}`);

      expect(await slack.findPosted('#deploys', 'd1/slack')).toBeNull();
      expect(await slack.findPosted('#deploys', 'n0')).not.toBeNull();
    });
  });

  describe('userIdByEmail', () => {
    it('answers the Slack user with that email, and null for an email Slack does not know', async () => {
      const ada = server.addUser({ name: 'ada', email: 'ada@example.com' });

      expect(await slack.userIdByEmail('ada@example.com')).toBe(ada.id);
      expect(await slack.userIdByEmail('bob@example.com')).toBeNull();
    });
  });

  describe('failures', () => {
    it('refuses an unknown channel for good, naming it', async () => {
      const error = await refusal(slack.post('#nowhere', message('x'), 'd1/slack'));

      expect(error).toMatchObject({
        response: 'Slack: channel_not_found',
        permanent: true,
        retryAfterMs: null,
      });
    });

    it('asks to retry after Retry-After when rate limited', async () => {
      server.addChannel('deploys');
      server.rateLimitNext({ retryAfterSeconds: 3 });

      const error = await refusal(slack.post('#deploys', message('x'), 'd1/slack'));

      expect(error).toMatchObject({
        response: 'Slack: HTTP 429, retry after 3s',
        permanent: false,
        retryAfterMs: 3000,
      });
      expect(server.messages('deploys')).toEqual([]);
    });

    it('asks to retry when Slack is unavailable or cannot be reached', async () => {
      server.addChannel('deploys');
      const posted = await slack.post('#deploys', message('x'), 'd1/slack');
      server.refuseWith(503, slackMethod('chat.update'));

      const unavailable = await refusal(slack.update(posted, message('y')));
      await server.stop();
      const unreachable = await refusal(slack.post('#deploys', message('x'), 'd2/slack'));
      server = await startSlackApi();

      expect(unavailable).toMatchObject({
        response: 'Slack: HTTP 503 Service Unavailable',
        permanent: false,
      });
      expect(unreachable.permanent).toBe(false);
      expect(unreachable.response).toMatch(/^Slack: unreachable \(.*fetch failed/);
    });

    it.each(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout'])(
      'asks to retry when Slack answers %s',
      async (code) => {
        server.addChannel('deploys');
        server.answerNextWith(code);

        const error = await refusal(slack.post('#deploys', message('x'), 'd1/slack'));

        expect(error).toMatchObject({ response: `Slack: ${code}`, permanent: false });
      },
    );

    it('refuses a wrong token for good, without ever showing the token', async () => {
      server.addChannel('deploys');
      const token = 'xoxb-1234-secret-token';
      const wrong = createSlackApi({ token, apiUrl: server.url });

      const refusals = [
        await refusal(wrong.post('#deploys', message('x'), 'd1/slack')),
        await refusal(wrong.findPosted('#deploys', 'd1/slack')),
        await refusal(wrong.userIdByEmail('ada@example.com')),
      ];

      expect(refusals.map((error) => [error.response, error.permanent])).toEqual([
        ['Slack: invalid_auth', true],
        ['Slack: invalid_auth', true],
        ['Slack: invalid_auth', true],
      ]);
      for (const error of refusals) {
        expect(`${error.message} ${error.stack ?? ''} ${JSON.stringify(error)}`).not.toContain(token);
      }
    });

    it('names what Block Kit refused', async () => {
      server.addChannel('deploys');
      const tooLong: SlackMessage = {
        text: 'x',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }],
      };

      const error = await refusal(slack.post('#deploys', tooLong, 'd1/slack'));

      expect(error).toMatchObject({
        response:
          'Slack: invalid_blocks ([ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text])',
        permanent: true,
      });
    });
  });
});
