import { LogLevel, WebClient, type Logger } from '@slack/web-api';
import { slackMethod, startSlackApi, type SlackApiServer } from './slack-api';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const keyed = (key: string) => ({ event_type: 'slipway_notification', event_payload: { key } });

// WebClient logs every refusal as an error; the tests assert on the refusals instead.
const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/** A WebClient as Slipway configures one: no retries of its own, rate limits reported at once. */
function clientOf(
  server: SlackApiServer,
  token: { token: string | undefined } = { token: server.token },
): WebClient {
  return new WebClient(token.token, {
    slackApiUrl: server.url,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: quiet,
  });
}

describe('startSlackApi', () => {
  let server: SlackApiServer;
  let slack: WebClient;
  beforeEach(async () => {
    server = await startSlackApi();
    slack = clientOf(server);
  });
  afterEach(() => server.stop());

  describe('chat.postMessage', () => {
    it('posts to a channel named with or without # and answers with its id and the message', async () => {
      const id = server.addChannel('deploys');

      const first = await slack.chat.postMessage({
        channel: '#deploys',
        text: 'one',
        blocks: [section('*one*')],
      });
      const second = await slack.chat.postMessage({ channel: 'deploys', text: 'two' });
      const third = await slack.chat.postMessage({ channel: id, text: 'three' });

      expect(first).toMatchObject({
        ok: true,
        channel: id,
        message: { text: 'one', blocks: [section('*one*')] },
      });
      expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
      expect([second.channel, third.channel]).toEqual([id, id]);
      expect(server.messages('#deploys').map((message) => message.versions[0]?.text)).toEqual([
        'one',
        'two',
        'three',
      ]);
      expect(server.messages(id)[0]).toEqual({
        ts: first.ts,
        threadTs: null,
        versions: [{ text: 'one', blocks: [section('*one*')], metadata: null }],
      });
    });

    it('posts to a user id in their direct message channel, opened once', async () => {
      const ada = server.addUser({ name: 'ada', email: 'ada@example.com' });

      const first = await slack.chat.postMessage({ channel: ada.id, text: 'your change reached production' });
      const second = await slack.chat.postMessage({ channel: ada.id, text: 'and staging' });

      expect(first.channel).toMatch(/^D/);
      expect(second.channel).toBe(first.channel);
      expect(server.dmsTo(ada.id).map((message) => message.versions[0]?.text)).toEqual([
        'your change reached production',
        'and staging',
      ]);
    });

    it('refuses an unknown channel or user with channel_not_found', async () => {
      await expect(slack.chat.postMessage({ channel: '#nowhere', text: 'x' })).rejects.toMatchObject({
        data: { ok: false, error: 'channel_not_found' },
      });
      await expect(slack.chat.postMessage({ channel: 'U0NOBODY1', text: 'x' })).rejects.toMatchObject({
        data: { error: 'channel_not_found' },
      });
    });

    it('keeps metadata and threads a reply under its parent', async () => {
      const channel = server.addChannel('deploys');
      const parent = await slack.chat.postMessage({ channel, text: 'deploying', metadata: keyed('a') });
      const reply = await slack.chat.postMessage({
        channel,
        text: 'failed',
        thread_ts: parent.ts,
        metadata: keyed('b'),
      });

      expect(reply.message).toMatchObject({ thread_ts: parent.ts, metadata: keyed('b') });
      expect(server.messages(channel)).toMatchObject([
        { ts: parent.ts, threadTs: null, versions: [{ metadata: keyed('a') }] },
        { ts: reply.ts, threadTs: parent.ts, versions: [{ text: 'failed' }] },
      ]);
    });

    it('refuses blocks past Block Kit limits with invalid_blocks naming the place', async () => {
      const channel = server.addChannel('deploys');
      const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));

      await expect(slack.chat.postMessage({ channel, text: 'x', blocks: tooMany })).rejects.toMatchObject({
        data: {
          error: 'invalid_blocks',
          errors: ['[ERROR] no more than 50 items allowed [json-pointer:/blocks]'],
        },
      });
      await expect(
        slack.chat.postMessage({ channel, text: 'x', blocks: [section('x'.repeat(3001))] }),
      ).rejects.toMatchObject({
        data: { errors: ['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]'] },
      });
      expect(server.messages(channel)).toEqual([]);
    });

    it('refuses a message with neither text nor blocks', async () => {
      const channel = server.addChannel('deploys');
      await expect(slack.chat.postMessage({ channel, text: '' })).rejects.toMatchObject({
        data: { error: 'no_text' },
      });
    });
  });

  describe('chat.update', () => {
    it('records each version and keeps the blocks and metadata it was not given', async () => {
      const channel = server.addChannel('deploys');
      const posted = await slack.chat.postMessage({
        channel,
        text: 'running',
        blocks: [section('running')],
        metadata: keyed('a'),
      });

      const updated = await slack.chat.update({
        channel,
        ts: posted.ts!,
        text: 'failed',
        blocks: [section('failed')],
      });
      await slack.chat.update({ channel, ts: posted.ts!, text: 'rolled back' });

      expect(updated).toMatchObject({ ok: true, channel, ts: posted.ts, text: 'failed' });
      expect(server.messages(channel)[0]?.versions).toEqual([
        { text: 'running', blocks: [section('running')], metadata: keyed('a') },
        { text: 'failed', blocks: [section('failed')], metadata: keyed('a') },
        { text: 'rolled back', blocks: [section('failed')], metadata: keyed('a') },
      ]);
    });

    it('answers message_not_found for an unknown ts, and channel_not_found for a channel given by name', async () => {
      const channel = server.addChannel('deploys');
      const posted = await slack.chat.postMessage({ channel, text: 'running' });

      await expect(slack.chat.update({ channel, ts: '1.000001', text: 'x' })).rejects.toMatchObject({
        data: { error: 'message_not_found' },
      });
      await expect(
        slack.chat.update({ channel: '#deploys', ts: posted.ts!, text: 'x' }),
      ).rejects.toMatchObject({
        data: { error: 'channel_not_found' },
      });
    });
  });

  describe('conversations.history and conversations.replies', () => {
    it('lists the channel newest first, with metadata only when asked, and thread replies only in replies', async () => {
      const channel = server.addChannel('deploys');
      const first = await slack.chat.postMessage({ channel, text: 'first', metadata: keyed('a') });
      const reply = await slack.chat.postMessage({
        channel,
        text: 'reply',
        thread_ts: first.ts,
        metadata: keyed('r'),
      });
      const second = await slack.chat.postMessage({ channel, text: 'second' });

      const plain = await slack.conversations.history({ channel });
      const withMetadata = await slack.conversations.history({ channel, include_all_metadata: true });
      const thread = await slack.conversations.replies({
        channel,
        ts: first.ts!,
        include_all_metadata: true,
      });

      expect(plain.messages?.map((message) => message.ts)).toEqual([second.ts, first.ts]);
      expect(plain.messages?.[1]).not.toHaveProperty('metadata');
      expect(plain.messages?.[1]).toMatchObject({
        reply_count: 1,
        latest_reply: reply.ts,
        thread_ts: first.ts,
      });
      expect(withMetadata.messages?.[1]?.metadata).toEqual(keyed('a'));
      expect(thread.messages?.map((message) => [message.text, message.metadata])).toEqual([
        ['first', keyed('a')],
        ['reply', keyed('r')],
      ]);
    });

    it('pages with limit, has_more and a cursor', async () => {
      const channel = server.addChannel('deploys');
      for (const text of ['1', '2', '3']) await slack.chat.postMessage({ channel, text });

      const page = await slack.conversations.history({ channel, limit: 2 });
      const next = await slack.conversations.history({
        channel,
        limit: 2,
        cursor: page.response_metadata?.next_cursor ?? '',
      });

      expect(page.messages?.map((message) => message.text)).toEqual(['3', '2']);
      expect(page.has_more).toBe(true);
      expect(next.messages?.map((message) => message.text)).toEqual(['1']);
      expect(next.has_more).toBe(false);
    });

    it('answers channel_not_found and thread_not_found', async () => {
      const channel = server.addChannel('deploys');
      await expect(slack.conversations.history({ channel: 'C0NOWHERE' })).rejects.toMatchObject({
        data: { error: 'channel_not_found' },
      });
      await expect(slack.conversations.replies({ channel, ts: '1.000001' })).rejects.toMatchObject({
        data: { error: 'thread_not_found' },
      });
    });
  });

  describe('conversations.open and conversations.list', () => {
    it('opens the same direct message channel that posting to the user uses', async () => {
      const ada = server.addUser({ name: 'ada', email: 'ada@example.com' });
      const opened = await slack.conversations.open({ users: ada.id });
      const posted = await slack.chat.postMessage({ channel: ada.id, text: 'hi' });

      expect(opened.channel?.id).toBe(posted.channel);
      await expect(slack.conversations.open({ users: 'U0NOBODY1' })).rejects.toMatchObject({
        data: { error: 'user_not_found' },
      });
    });

    it('lists the public channels by name and id', async () => {
      const deploys = server.addChannel('#deploys');
      const ops = server.addChannel('ops');

      const listed = await slack.conversations.list({ types: 'public_channel,private_channel' });

      expect(listed.channels?.map((channel) => [channel.name, channel.id])).toEqual([
        ['deploys', deploys],
        ['ops', ops],
      ]);
    });
  });

  describe('users', () => {
    it('finds a user by id and by email, and answers user_not_found / users_not_found', async () => {
      const ada = server.addUser({ name: 'ada', email: 'Ada@Example.com', realName: 'Ada Lovelace' });
      const expected = {
        id: ada.id,
        name: 'ada',
        real_name: 'Ada Lovelace',
        profile: { email: 'Ada@Example.com', real_name: 'Ada Lovelace' },
      };

      expect((await slack.users.info({ user: ada.id })).user).toMatchObject(expected);
      expect((await slack.users.lookupByEmail({ email: 'ada@example.com' })).user).toMatchObject(expected);
      await expect(slack.users.info({ user: 'U0NOBODY1' })).rejects.toMatchObject({
        data: { error: 'user_not_found' },
      });
      await expect(slack.users.lookupByEmail({ email: 'bob@example.com' })).rejects.toMatchObject({
        data: { error: 'users_not_found' },
      });
    });
  });

  describe('authentication', () => {
    it('answers invalid_auth for a wrong token and not_authed for none', async () => {
      server.addChannel('deploys');
      await expect(
        clientOf(server, { token: 'xoxb-wrong' }).chat.postMessage({ channel: 'deploys', text: 'x' }),
      ).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
      await expect(
        clientOf(server, { token: undefined }).chat.postMessage({ channel: 'deploys', text: 'x' }),
      ).rejects.toMatchObject({
        data: { error: 'not_authed' },
      });
      expect(server.messages('deploys')).toEqual([]);
    });

    it('accepts the token as a form field, and never records it among the calls', async () => {
      const channel = server.addChannel('deploys');
      const answer = await fetch(`${server.url}chat.postMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token: server.token,
          channel,
          text: 'hi',
          blocks: JSON.stringify([section('hi')]),
        }),
      });

      expect(await answer.json()).toMatchObject({ ok: true, channel });
      expect(server.calls()).toEqual([
        {
          method: 'POST',
          path: '/api/chat.postMessage',
          body: { channel, text: 'hi', blocks: [section('hi')] },
          status: 200,
        },
      ]);
    });
  });

  describe('failures on demand', () => {
    it('answers 429 with Retry-After once, only for the method asked', async () => {
      const channel = server.addChannel('deploys');
      server.rateLimitNext({ retryAfterSeconds: 3 }, 0, slackMethod('chat.update'));

      const posted = await slack.chat.postMessage({ channel, text: 'running' });
      await expect(slack.chat.update({ channel, ts: posted.ts!, text: 'failed' })).rejects.toMatchObject({
        code: 'slack_webapi_rate_limited_error',
        retryAfter: 3,
      });
      await slack.chat.update({ channel, ts: posted.ts!, text: 'failed' });

      expect(server.messages(channel)[0]?.versions.map((version) => version.text)).toEqual([
        'running',
        'failed',
      ]);
    });

    it("answers Slack's own failure once, for the method asked", async () => {
      const channel = server.addChannel('deploys');
      server.answerNextWith('internal_error', slackMethod('chat.postMessage'));

      await expect(slack.users.lookupByEmail({ email: 'nobody@example.com' })).rejects.toMatchObject({
        data: { error: 'users_not_found' },
      });
      await expect(slack.chat.postMessage({ channel, text: 'x' })).rejects.toMatchObject({
        data: { ok: false, error: 'internal_error' },
      });
      await expect(slack.chat.postMessage({ channel, text: 'x' })).resolves.toMatchObject({ ok: true });
    });

    it('refuses with an HTTP status until told to stop', async () => {
      const channel = server.addChannel('deploys');
      server.refuseWith(503);

      await expect(slack.chat.postMessage({ channel, text: 'x' })).rejects.toMatchObject({
        code: 'slack_webapi_http_error',
        statusCode: 503,
      });
      server.refuseWith(null);
      await expect(slack.chat.postMessage({ channel, text: 'x' })).resolves.toMatchObject({ ok: true });
    });
  });

  describe('response_url', () => {
    it('records what is posted to a URL it handed out, and answers 404 for one it did not', async () => {
      const url = server.responseUrl();
      const posted = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ replace_original: true, text: 'Approved by ada' }),
      });
      const unknown = await fetch(`${url.slice(0, -4)}beef`, { method: 'POST', body: '{}' });

      expect(posted.status).toBe(200);
      expect(unknown.status).toBe(404);
      expect(server.responses()).toEqual([
        { url, body: { replace_original: true, text: 'Approved by ada' } },
      ]);
    });
  });
});
