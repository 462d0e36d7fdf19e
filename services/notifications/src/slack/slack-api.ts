import {
  LogLevel,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
  type KnownBlock,
  type Logger,
} from '@slack/web-api';
import type { SlackMessageRef } from '@slipway/temporal';
import { DeliveryError } from '../delivery-error';

export type { SlackMessageRef };

/** A message as Slack shows it: `text` is the fallback for notifications and screen readers. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/**
 * Slack, as the notifications service speaks to it. Every failure is a DeliveryError saying whether
 * Temporal should try again. The bot token needs the scopes chat:write, users:read, users:read.email,
 * im:write (direct messages), channels:history, groups:history, im:history, channels:read and
 * groups:read (findPosted).
 */
export interface SlackApi {
  /** Posts, tagging the message with `key` in its metadata, so a retry can find it. */
  post(channel: string, message: SlackMessage, key: string, threadTs?: string): Promise<SlackMessageRef>;
  update(ref: SlackMessageRef, message: SlackMessage): Promise<void>;
  /**
   * The message an earlier attempt posted with `key` in `channel` (a #name, an id, or a user id for a
   * direct message); null when there is none. It looks among the channel's latest 100 messages and in
   * their threads: in the thread `threadTs` only when given (one call), else in every thread among
   * those 100 (a call per thread). A message older than that is not found.
   */
  findPosted(channel: string, key: string, threadTs?: string): Promise<SlackMessageRef | null>;
  /** The Slack user with this email, for direct messages; null when Slack knows nobody by it. */
  userIdByEmail(email: string): Promise<string | null>;
}

/** What findPosted reads of a message in conversations.history and conversations.replies. */
interface ListedMessage {
  ts?: string;
  reply_count?: number;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** The metadata event type that marks Slipway's messages. */
export const SLACK_METADATA_EVENT = 'slipway_notification';
/** How far back findPosted looks in a channel. */
const SEARCHED_MESSAGES = 100;
/** Slack's own errors that say "not now" rather than "never". */
const RETRYABLE_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

// WebClient logs request bodies at debug and refusals at error; the delivery log records what matters.
const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

export function createSlackApi(settings: { token: string; apiUrl: string }): SlackApi {
  // Temporal retries, honouring Retry-After: the client must not wait or retry on its own.
  const client = new WebClient(settings.token, {
    slackApiUrl: settings.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: silent,
  });
  const call = async <T>(request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      throw deliveryErrorOf(error, settings.token);
    }
  };

  const channelIdOf = async (channel: string): Promise<string | null> => {
    if (/^[CGD][A-Z0-9]+$/.test(channel)) return channel;
    if (/^[UW][A-Z0-9]+$/.test(channel)) {
      const opened = await call(() => client.conversations.open({ users: channel }));
      return opened.channel?.id ?? null;
    }
    const name = channel.replace(/^#/, '');
    let cursor: string | undefined;
    do {
      const page = await call(() =>
        client.conversations.list({
          types: 'public_channel,private_channel',
          exclude_archived: true,
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        }),
      );
      const found = page.channels?.find((candidate) => candidate.name === name);
      if (found?.id) return found.id;
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return null;
  };

  /** A thread's messages; none when its parent is gone (a reply to it could not have been posted either). */
  const threadOf = async (channel: string, ts: string): Promise<ListedMessage[]> => {
    try {
      const thread = await client.conversations.replies({
        channel,
        ts,
        include_all_metadata: true,
        limit: 1000,
      });
      return thread.messages ?? [];
    } catch (error) {
      if (error instanceof WebAPIPlatformError && error.data.error === 'thread_not_found') return [];
      throw deliveryErrorOf(error, settings.token);
    }
  };

  return {
    post: async (channel, message, key, threadTs) => {
      const answer = await call(() =>
        client.chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks,
          metadata: { event_type: SLACK_METADATA_EVENT, event_payload: { key } },
          unfurl_links: false,
          unfurl_media: false,
          ...(threadTs ? { thread_ts: threadTs } : {}),
        }),
      );
      if (!answer.channel || !answer.ts) {
        throw new DeliveryError('Slack: answered ok without the message channel and ts', false);
      }
      return { channel: answer.channel, ts: answer.ts };
    },

    update: async (ref, message) => {
      await call(() =>
        client.chat.update({ channel: ref.channel, ts: ref.ts, text: message.text, blocks: message.blocks }),
      );
    },

    findPosted: async (channel, key, threadTs) => {
      const id = await channelIdOf(channel);
      if (id === null) return null;
      const keyed = (message: ListedMessage): boolean =>
        message.metadata?.event_type === SLACK_METADATA_EVENT && message.metadata.event_payload?.key === key;
      const found = (message: ListedMessage | undefined): SlackMessageRef | null =>
        message?.ts ? { channel: id, ts: message.ts } : null;
      if (threadTs) {
        const inThread = (await threadOf(id, threadTs)).find(keyed);
        if (inThread) return found(inThread);
      }
      const history = await call(() =>
        client.conversations.history({ channel: id, limit: SEARCHED_MESSAGES, include_all_metadata: true }),
      );
      const messages = history.messages ?? [];
      const inChannel = messages.find(keyed);
      if (inChannel) return found(inChannel);
      if (threadTs) return null;
      for (const parent of messages) {
        if (!parent.ts || !parent.reply_count) continue;
        const reply = (await threadOf(id, parent.ts)).find(keyed);
        if (reply) return found(reply);
      }
      return null;
    },

    userIdByEmail: async (email) => {
      try {
        const answer = await client.users.lookupByEmail({ email });
        return answer.user?.id ?? null;
      } catch (error) {
        if (error instanceof WebAPIPlatformError && error.data.error === 'users_not_found') return null;
        throw deliveryErrorOf(error, settings.token);
      }
    },
  };
}

/** What Slack answered, in a line for the delivery log, and whether trying again can help. */
export function deliveryErrorOf(error: unknown, token: string): DeliveryError {
  // The token is never in a message Slack sends; a proxy or a runtime error could still echo it.
  const safe = (text: string): string => (token ? text.split(token).join('[token]') : text);
  if (error instanceof DeliveryError) return error;
  if (error instanceof WebAPIRateLimitedError) {
    return new DeliveryError(
      `Slack: HTTP 429, retry after ${error.retryAfter}s`,
      false,
      error.retryAfter * 1000,
    );
  }
  if (error instanceof WebAPIPlatformError) {
    const { error: code, response_metadata: metadata } = error.data;
    // missing_scope names the scope the token lacks.
    const needed = 'needed' in error.data ? error.data.needed : undefined;
    const details = [
      ...(typeof needed === 'string' ? [`needs ${needed}`] : []),
      ...(metadata?.messages ?? []),
    ];
    const retryAfter = metadata?.retryAfter;
    return new DeliveryError(
      safe(`Slack: ${code}${details.length > 0 ? ` (${details.join('; ')})` : ''}`),
      !RETRYABLE_ERRORS.has(code),
      code === 'ratelimited' && typeof retryAfter === 'number' ? retryAfter * 1000 : null,
    );
  }
  if (error instanceof WebAPIHTTPError) {
    const status = `Slack: HTTP ${error.statusCode}${error.statusMessage ? ` ${error.statusMessage}` : ''}`;
    return new DeliveryError(safe(status), error.statusCode < 500 && error.statusCode !== 408);
  }
  if (error instanceof WebAPIRequestError) {
    return new DeliveryError(safe(`Slack: unreachable (${causes(error.original).join(': ')})`), false);
  }
  return new DeliveryError(safe(`Slack: ${error instanceof Error ? error.message : String(error)}`), false);
}

/** `fetch failed: connect ECONNREFUSED 127.0.0.1:443`: a network error says what happened in its causes. */
function causes(error: unknown): string[] {
  const said: string[] = [];
  // Duck-typed: fetch's errors come from another realm under Jest's VM, where instanceof Error is false.
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const { message, cause } = current as { message?: unknown; cause?: unknown };
    const text = typeof message === 'string' ? message.replace(/^\w*Error: /, '') : '';
    if (text && !said.includes(text)) said.push(text);
    current = cause;
  }
  return said;
}
