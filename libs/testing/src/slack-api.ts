import {
  createServer,
  request as httpRequest,
  STATUS_CODES,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import {
  startApiStandIn,
  type ApiAnswer,
  type ApiRequest,
  type ApiRequestFilter,
  type ApiRoute,
  type ApiStandIn,
} from './api-stand-in';

/** A 429 with `Retry-After` in seconds, as Slack rate-limits a method. */
export interface SlackRateLimit {
  retryAfterSeconds: number;
}

/** Message metadata as Slack stores it. */
export interface SlackMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/** One state of a message: as posted, then after each chat.update. */
export interface SlackMessageVersion {
  text: string;
  blocks: unknown[];
  metadata: SlackMetadata | null;
}

export interface SlackPostedMessage {
  ts: string;
  /** The thread's parent ts for a reply; null for a message in the channel itself. */
  threadTs: string | null;
  /** Oldest first: versions[0] as posted, then each update. */
  versions: SlackMessageVersion[];
}

export interface SlackUserRecord {
  id: string;
  name: string;
  email: string;
  realName: string;
}

/** What was POSTed to a response_url. */
export interface SlackResponseUrlPost {
  url: string;
  body: Record<string, unknown>;
}

export interface SlackApiServer extends Omit<ApiStandIn<SlackRateLimit>, 'url'> {
  /** Works as WebClient's `slackApiUrl` (ends with `/`, like https://slack.com/api/). */
  url: string;
  /** The bot token a client must send (`Authorization: Bearer xoxb-…`, or a `token` form field). */
  token: string;
  /** A public channel the bot can post to; answers its id. `deploys` and `#deploys` are the same name. */
  addChannel(name: string): string;
  /** A member of the workspace, found by users.info and users.lookupByEmail. */
  addUser(user: { name: string; email: string; realName?: string }): SlackUserRecord;
  /** Every message in a channel (by name or id), thread replies included, oldest first. */
  messages(channel: string): SlackPostedMessage[];
  /** The direct messages the bot sent a user; none until it first posted to them. */
  dmsTo(userId: string): SlackPostedMessage[];
  /** A fresh URL on the stand-in that records what is POSTed to it, like an interaction's response_url. */
  responseUrl(): string;
  responses(): SlackResponseUrlPost[];
  /**
   * The next Web API call (that `only` matches) is answered HTTP 200 `{ ok: false, error }`, once: Slack's
   * own failures such as `internal_error` or `fatal_error`.
   */
  answerNextWith(error: string, only?: ApiRequestFilter): void;
}

export interface SlackApiServerOptions {
  /** The bot token to accept; a fresh `xoxb-…` when not given. */
  token?: string;
}

/** Limits rate limits or refusals to one Web API method, e.g. `slackMethod('chat.update')`. */
export function slackMethod(name: string): ApiRequestFilter {
  return ({ path }) => path === `/api/${name}`;
}

interface StoredMessage {
  ts: string;
  threadTs: string | null;
  versions: SlackMessageVersion[];
}

interface Conversation {
  id: string;
  /** A channel's name; null for a direct message. */
  name: string | null;
  /** The user a direct message goes to; null for a channel. */
  user: string | null;
  created: number;
  messages: StoredMessage[];
}

interface SlackState {
  token: string;
  conversations: Map<string, Conversation>;
  users: Map<string, SlackUserRecord>;
  /** The response_urls handed out, by path: the full URL the test was given. */
  responseUrls: Map<string, string>;
  responses: SlackResponseUrlPost[];
  nextId(prefix: string): string;
  nextTs(): string;
}

type SlackRequest = ApiRequest<SlackState>;

const TEAM = 'T0SLIPWAY';
const BOT = { user: 'U0SWBOT001', bot_id: 'B0SWBOT001', app_id: 'A0SWAPP001' };
/** Form fields Slack reads as JSON. */
const JSON_ARGUMENTS = new Set(['blocks', 'attachments', 'metadata']);

const ok = (body: Record<string, unknown>): ApiAnswer => ({ status: 200, body: { ok: true, ...body } });
/** Slack answers a refused call with HTTP 200 and `{ ok: false, error }`. */
export const slackError = (error: string, details: Record<string, unknown> = {}): ApiAnswer => ({
  status: 200,
  body: { ok: false, error, ...details },
});

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const flag = (value: unknown): boolean => value === true || value === 'true' || value === '1' || value === 1;
const latest = (message: StoredMessage): SlackMessageVersion =>
  message.versions[message.versions.length - 1]!;
const channelName = (name: string): string => name.replace(/^#/, '');

function byNameOrId(state: SlackState, channel: string): Conversation | undefined {
  return (
    state.conversations.get(channel) ??
    [...state.conversations.values()].find((candidate) => candidate.name === channelName(channel))
  );
}

/** A user id (U…) means their direct message, opened on first use, as chat.postMessage does. */
function directMessageTo(state: SlackState, userId: string): Conversation | undefined {
  if (!state.users.has(userId)) return undefined;
  const open = [...state.conversations.values()].find((candidate) => candidate.user === userId);
  if (open) return open;
  const opened: Conversation = {
    id: state.nextId('D'),
    name: null,
    user: userId,
    created: Math.floor(Date.now() / 1000),
    messages: [],
  };
  state.conversations.set(opened.id, opened);
  return opened;
}

/** The message as conversations.history, conversations.replies and chat.* answers show it. */
function shown(conversation: Conversation, message: StoredMessage, withMetadata: boolean) {
  const version = latest(message);
  const replies = conversation.messages.filter(
    (candidate) => candidate.threadTs === message.ts && candidate.ts !== message.ts,
  );
  const lastReply = replies[replies.length - 1];
  return {
    type: 'message',
    ...BOT,
    team: TEAM,
    text: version.text,
    blocks: version.blocks,
    ts: message.ts,
    ...(message.threadTs !== null ? { thread_ts: message.threadTs, parent_user_id: BOT.user } : {}),
    ...(lastReply
      ? {
          thread_ts: message.ts,
          reply_count: replies.length,
          reply_users: [BOT.user],
          latest_reply: lastReply.ts,
        }
      : {}),
    ...(message.versions.length > 1 ? { edited: { user: BOT.user, ts: message.ts } } : {}),
    ...(withMetadata && version.metadata ? { metadata: version.metadata } : {}),
  };
}

/** Slack's cursors are opaque base64; this one names the ts a page starts after. */
const cursorAfter = (index: number): string => Buffer.from(`next:${index}`).toString('base64');
function pageStart(cursor: unknown): number {
  const decoded = /^next:(\d+)$/.exec(Buffer.from(text(cursor) ?? '', 'base64').toString('utf8'));
  return decoded ? Number(decoded[1]) : 0;
}

/** A page of `items` and Slack's `has_more` / `response_metadata.next_cursor`. */
function paginate<T>(items: T[], request: SlackRequest, defaultLimit: number, maxLimit: number) {
  const limit = Math.min(Number(request.body.limit ?? defaultLimit) || defaultLimit, maxLimit);
  const start = pageStart(request.body.cursor);
  const page = items.slice(start, start + limit);
  const more = start + limit < items.length;
  return { page, has_more: more, response_metadata: { next_cursor: more ? cursorAfter(start + limit) : '' } };
}

/**
 * What Slack would refuse in these blocks (Block Kit's limits: 50 blocks, 3000 characters of section
 * text, 10 fields, button and dialog lengths), in Slack's words; empty when it would take them.
 */
export function slackBlockProblems(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return ['[ERROR] must provide an array [json-pointer:/blocks]'];
  const problems: string[] = [];
  const problem = (pointer: string, message: string): void => {
    problems.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  };
  const textObject = (value: unknown, pointer: string, max: number, plainOnly = false): void => {
    const object = value as { type?: unknown; text?: unknown } | null;
    if (typeof object !== 'object' || object === null) return problem(pointer, 'must be a text object');
    if (object.type !== 'plain_text' && (plainOnly || object.type !== 'mrkdwn')) {
      return problem(`${pointer}/type`, `must be ${plainOnly ? 'plain_text' : 'plain_text or mrkdwn'}`);
    }
    if (typeof object.text !== 'string' || object.text.length === 0) {
      return problem(`${pointer}/text`, 'must be more than 0 characters');
    }
    if (object.text.length > max) problem(`${pointer}/text`, `must be less than ${max + 1} characters`);
  };
  if (blocks.length > 50) problem('/blocks', 'no more than 50 items allowed');
  const blockIds = new Set<string>();
  blocks.forEach((value: unknown, index) => {
    const at = `/blocks/${index}`;
    const block = value as Record<string, unknown> | null;
    if (typeof block !== 'object' || block === null) return problem(at, 'must be an object');
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id)) problem(`${at}/block_id`, 'must be unique');
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case 'header':
        return textObject(block.text, `${at}/text`, 150, true);
      case 'section': {
        const fields = block.fields;
        if (block.text === undefined && fields === undefined)
          return problem(at, 'must provide text or fields');
        if (block.text !== undefined) textObject(block.text, `${at}/text`, 3000);
        if (fields === undefined) return;
        if (!Array.isArray(fields)) return problem(`${at}/fields`, 'must provide an array');
        if (fields.length > 10) problem(`${at}/fields`, 'no more than 10 items allowed');
        fields.forEach((field: unknown, f) => textObject(field, `${at}/fields/${f}`, 2000));
        return;
      }
      case 'context': {
        const elements = block.elements;
        if (!Array.isArray(elements) || elements.length === 0)
          return problem(`${at}/elements`, 'must provide items');
        if (elements.length > 10) problem(`${at}/elements`, 'no more than 10 items allowed');
        elements.forEach((element: unknown, e) => {
          const type = (element as { type?: unknown } | null)?.type;
          if (type !== 'image') textObject(element, `${at}/elements/${e}`, 3000);
        });
        return;
      }
      case 'actions': {
        const elements = block.elements;
        if (!Array.isArray(elements) || elements.length === 0)
          return problem(`${at}/elements`, 'must provide items');
        if (elements.length > 25) problem(`${at}/elements`, 'no more than 25 items allowed');
        elements.forEach((element: unknown, e) =>
          buttonProblems(element, `${at}/elements/${e}`, textObject, problem),
        );
        return;
      }
      case 'divider':
      case 'image':
      case 'rich_text':
      case 'markdown':
      case 'file':
      case 'video':
      case 'input':
        return;
      default:
        return problem(`${at}/type`, `unsupported type: ${String(block.type)}`);
    }
  });
  return problems;
}

function buttonProblems(
  value: unknown,
  at: string,
  textObject: (value: unknown, pointer: string, max: number, plainOnly?: boolean) => void,
  problem: (pointer: string, message: string) => void,
): void {
  const element = value as Record<string, unknown> | null;
  if (typeof element !== 'object' || element === null) return problem(at, 'must be an object');
  if (element.type !== 'button') return;
  textObject(element.text, `${at}/text`, 75, true);
  if (typeof element.action_id === 'string' && element.action_id.length > 255) {
    problem(`${at}/action_id`, 'must be less than 256 characters');
  }
  if (typeof element.value === 'string' && element.value.length > 2000) {
    problem(`${at}/value`, 'must be less than 2001 characters');
  }
  if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') {
    problem(`${at}/style`, 'must be one of primary, danger');
  }
  if (element.confirm === undefined) return;
  const confirm = element.confirm as Record<string, unknown>;
  textObject(confirm.title, `${at}/confirm/title`, 100, true);
  textObject(confirm.text, `${at}/confirm/text`, 300);
  textObject(confirm.confirm, `${at}/confirm/confirm`, 30, true);
  textObject(confirm.deny, `${at}/confirm/deny`, 30, true);
}

/** The message's text, blocks and metadata from a chat.* call, or Slack's refusal. */
function messageContent(
  body: Record<string, unknown>,
  before: SlackMessageVersion | null,
): SlackMessageVersion | ApiAnswer {
  const blocks = body.blocks === undefined ? (before?.blocks ?? []) : body.blocks;
  const problems = slackBlockProblems(blocks);
  if (problems.length > 0) {
    return slackError('invalid_blocks', { errors: problems, response_metadata: { messages: problems } });
  }
  const list: unknown[] = Array.isArray(blocks) ? blocks : [];
  const messageText = text(body.text) ?? before?.text ?? '';
  if (messageText === '' && list.length === 0) return slackError('no_text');
  let metadata = before?.metadata ?? null;
  if (body.metadata !== undefined) {
    if (!isMetadata(body.metadata)) return slackError('invalid_metadata_format');
    metadata = { event_type: body.metadata.event_type, event_payload: body.metadata.event_payload };
  }
  return { text: messageText, blocks: list, metadata };
}

function isMetadata(value: unknown): value is SlackMetadata {
  if (typeof value !== 'object' || value === null) return false;
  const { event_type: type, event_payload: payload } = value as Record<string, unknown>;
  return (
    typeof type === 'string' && typeof payload === 'object' && payload !== null && !Array.isArray(payload)
  );
}

const isAnswer = (value: object): value is ApiAnswer => 'status' in value;

function postMessage({ body, state }: SlackRequest): ApiAnswer {
  const target = text(body.channel) ?? '';
  const conversation = /^U/.test(target) ? directMessageTo(state, target) : byNameOrId(state, target);
  if (!conversation) return slackError('channel_not_found');
  const content = messageContent(body, null);
  if (isAnswer(content)) return content;
  // Slack posts a reply to an unknown thread in the channel itself; a reply to a reply joins its thread.
  const parent = conversation.messages.find((message) => message.ts === text(body.thread_ts));
  const message: StoredMessage = {
    ts: state.nextTs(),
    threadTs: parent ? (parent.threadTs ?? parent.ts) : null,
    versions: [content],
  };
  conversation.messages.push(message);
  return ok({ channel: conversation.id, ts: message.ts, message: shown(conversation, message, true) });
}

function updateMessage({ body, state }: SlackRequest): ApiAnswer {
  // chat.update takes the channel's id only, as Slack does.
  const conversation = state.conversations.get(text(body.channel) ?? '');
  if (!conversation) return slackError('channel_not_found');
  const message = conversation.messages.find((candidate) => candidate.ts === text(body.ts));
  if (!message) return slackError('message_not_found');
  const content = messageContent(body, latest(message));
  if (isAnswer(content)) return content;
  message.versions.push(content);
  return ok({
    channel: conversation.id,
    ts: message.ts,
    text: content.text,
    message: shown(conversation, message, true),
  });
}

function history(request: SlackRequest): ApiAnswer {
  const conversation = request.state.conversations.get(text(request.body.channel) ?? '');
  if (!conversation) return slackError('channel_not_found');
  const withMetadata = flag(request.body.include_all_metadata);
  const inChannel = conversation.messages
    .filter((message) => message.threadTs === null)
    .reverse()
    .map((message) => shown(conversation, message, withMetadata));
  const { page, ...rest } = paginate(inChannel, request, 100, 999);
  return ok({ messages: page, pin_count: 0, ...rest });
}

function replies(request: SlackRequest): ApiAnswer {
  const conversation = request.state.conversations.get(text(request.body.channel) ?? '');
  if (!conversation) return slackError('channel_not_found');
  const asked = conversation.messages.find((message) => message.ts === text(request.body.ts));
  if (!asked) return slackError('thread_not_found');
  const parentTs = asked.threadTs ?? asked.ts;
  const withMetadata = flag(request.body.include_all_metadata);
  const thread = conversation.messages
    .filter((message) => message.ts === parentTs || message.threadTs === parentTs)
    .map((message) => shown(conversation, message, withMetadata));
  const { page, ...rest } = paginate(thread, request, 1000, 1000);
  return ok({ messages: page, ...rest });
}

function openConversation({ body, state }: SlackRequest): ApiAnswer {
  const users = text(body.users);
  if (users === null || users === '') return slackError('users_list_not_supplied');
  if (users.includes(','))
    return slackError('not_supported', { detail: 'the stand-in opens one-to-one DMs only' });
  const alreadyOpen = [...state.conversations.values()].some((candidate) => candidate.user === users);
  const conversation = directMessageTo(state, users);
  if (!conversation) return slackError('user_not_found');
  return ok({
    ...(alreadyOpen ? { no_op: true, already_open: true } : {}),
    channel: { id: conversation.id, created: conversation.created, is_im: true, user: users },
  });
}

function listConversations(request: SlackRequest): ApiAnswer {
  const types = (text(request.body.types) ?? 'public_channel').split(',');
  const conversations = [...request.state.conversations.values()]
    .filter((conversation) =>
      conversation.name !== null ? types.includes('public_channel') : types.includes('im'),
    )
    .map((conversation) =>
      conversation.name !== null
        ? {
            id: conversation.id,
            name: conversation.name,
            is_channel: true,
            is_private: false,
            is_archived: false,
            is_member: true,
            created: conversation.created,
          }
        : { id: conversation.id, is_im: true, user: conversation.user, created: conversation.created },
    );
  const { page, response_metadata } = paginate(conversations, request, 100, 1000);
  return ok({ channels: page, response_metadata });
}

const shownUser = (user: SlackUserRecord) => ({
  id: user.id,
  team_id: TEAM,
  name: user.name,
  real_name: user.realName,
  deleted: false,
  is_bot: false,
  profile: { email: user.email, real_name: user.realName, display_name: user.name },
});

function userInfo({ body, state }: SlackRequest): ApiAnswer {
  const user = state.users.get(text(body.user) ?? '');
  return user ? ok({ user: shownUser(user) }) : slackError('user_not_found');
}

function userByEmail({ body, state }: SlackRequest): ApiAnswer {
  const email = (text(body.email) ?? '').toLowerCase();
  const user = [...state.users.values()].find((candidate) => candidate.email.toLowerCase() === email);
  return user ? ok({ user: shownUser(user) }) : slackError('users_not_found');
}

function respond({ path, body, state }: SlackRequest): ApiAnswer {
  const url = state.responseUrls.get(path);
  if (url === undefined) return { status: 404, body: 'expired_url' };
  state.responses.push({ url, body });
  return ok({});
}

/** The Web API methods the stand-in serves, with Slack's answers. To serve another, add an entry here. */
export const slackRoutes: readonly ApiRoute<SlackState>[] = [
  { method: 'POST', pattern: /^\/api\/chat\.postMessage$/, handle: postMessage },
  { method: 'POST', pattern: /^\/api\/chat\.update$/, handle: updateMessage },
  { method: 'POST', pattern: /^\/api\/conversations\.history$/, handle: history },
  { method: 'POST', pattern: /^\/api\/conversations\.replies$/, handle: replies },
  { method: 'POST', pattern: /^\/api\/conversations\.open$/, handle: openConversation },
  { method: 'POST', pattern: /^\/api\/conversations\.list$/, handle: listConversations },
  { method: 'POST', pattern: /^\/api\/users\.info$/, handle: userInfo },
  { method: 'POST', pattern: /^\/api\/users\.lookupByEmail$/, handle: userByEmail },
  // A response_url's own unguessable path is its credential, as on Slack.
  { method: 'POST', pattern: /^\/actions\/[^/]+\/\d+\/[^/]+$/, ownAuthentication: true, handle: respond },
];

/**
 * A loopback stand-in for the Slack Web API methods Slipway calls (POST `<url><method>` with a JSON or
 * form body and a bot token), answering with Slack's shapes: HTTP 200 `{ ok: true, … }` or
 * `{ ok: false, error }`, 429 with `Retry-After`. Blocks are checked against Block Kit's limits and
 * refused with `invalid_blocks`, as Slack refuses them.
 */
export async function startSlackApi(options: SlackApiServerOptions = {}): Promise<SlackApiServer> {
  let lastId = 0;
  let lastTs = 0;
  const startedAt = Math.floor(Date.now() / 1000);
  const state: SlackState = {
    token: options.token ?? `xoxb-${Date.now()}-${randomBytes(12).toString('hex')}`,
    conversations: new Map(),
    users: new Map(),
    responseUrls: new Map(),
    responses: [],
    nextId: (prefix) => `${prefix}0SW${String((lastId += 1)).padStart(6, '0')}`,
    // Unique and increasing like Slack's, whatever the clock does during a test.
    nextTs: () => {
      lastTs += 1;
      return `${startedAt + Math.floor(lastTs / 1_000_000)}.${String(lastTs % 1_000_000).padStart(6, '0')}`;
    },
  };
  let nextError: { error: string; only: ApiRequestFilter } | null = null;
  const routes = slackRoutes.map((route): ApiRoute<SlackState> =>
    route.ownAuthentication
      ? route
      : {
          ...route,
          handle: (request) => {
            if (nextError === null || !nextError.only(request)) return route.handle(request);
            const { error } = nextError;
            nextError = null;
            return slackError(error);
          },
        },
  );
  const standIn = await startApiStandIn<SlackState, SlackRateLimit>({
    state,
    routes,
    routePath: (path) => path,
    authenticate: (headers, { token }) => {
      const given = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
      if (given === undefined) return slackError('not_authed');
      return given === token ? null : slackError('invalid_auth');
    },
    headers: () => ({}),
    rateLimited: ({ retryAfterSeconds }) => ({
      status: 429,
      body: { ok: false, error: 'ratelimited' },
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
    refused: (status) => ({ status, body: `${status} ${STATUS_CODES[status] ?? ''}`.trim() }),
    notFound: () => ({ status: 404, body: { ok: false, error: 'unknown_method' } }),
    badJson: () => slackError('invalid_json'),
  });
  const front = await startFormDecoder(standIn.url);
  let lastResponseUrl = 0;

  return {
    ...standIn,
    url: `${front.url}/api/`,
    token: state.token,
    addChannel: (name) => {
      const known = byNameOrId(state, name);
      if (known) return known.id;
      const id = state.nextId('C');
      state.conversations.set(id, {
        id,
        name: channelName(name),
        user: null,
        created: startedAt,
        messages: [],
      });
      return id;
    },
    addUser: ({ name, email, realName }) => {
      const user = { id: state.nextId('U'), name, email, realName: realName ?? name };
      state.users.set(user.id, user);
      return { ...user };
    },
    messages: (channel) => {
      const conversation = byNameOrId(state, channel);
      if (!conversation)
        throw new Error(`The Slack stand-in has no channel ${channel}: add it with addChannel`);
      return copies(conversation.messages);
    },
    dmsTo: (userId) =>
      copies(
        [...state.conversations.values()].find((candidate) => candidate.user === userId)?.messages ?? [],
      ),
    responseUrl: () => {
      lastResponseUrl += 1;
      const path = `/actions/${TEAM}/${lastResponseUrl}/${randomBytes(12).toString('hex')}`;
      state.responseUrls.set(path, `${front.url}${path}`);
      return `${front.url}${path}`;
    },
    responses: () => state.responses.map((response) => ({ ...response })),
    answerNextWith: (error, only = () => true) => {
      nextError = { error, only };
    },
    stop: async () => {
      await front.stop();
      await standIn.stop();
    },
  };
}

const copies = (messages: StoredMessage[]): SlackPostedMessage[] =>
  messages.map((message) => ({ ...message, versions: message.versions.map((version) => ({ ...version })) }));

/**
 * Slack's clients (WebClient included) send application/x-www-form-urlencoded bodies, with JSON in the
 * `blocks` and `metadata` fields; the route-table server reads JSON only. This loopback front turns a
 * form into the JSON Slack reads from it (a `token` field into the Authorization header) and passes
 * everything else through untouched.
 */
async function startFormDecoder(target: string): Promise<{ url: string; stop(): Promise<void> }> {
  const forward = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    const headers = { ...request.headers };
    if ((headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      const fields: Record<string, unknown> = {};
      for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
        fields[name] = JSON_ARGUMENTS.has(name) ? parsedOrAsIs(value) : value;
      }
      if (typeof fields.token === 'string' && headers.authorization === undefined) {
        headers.authorization = `Bearer ${fields.token}`;
      }
      delete fields.token;
      body = Buffer.from(JSON.stringify(fields));
      headers['content-type'] = 'application/json';
    }
    headers['content-length'] = String(body.length);
    delete headers['transfer-encoding'];
    await new Promise<void>((resolve, reject) => {
      const inner = httpRequest(
        `${target}${request.url ?? '/'}`,
        { method: request.method, headers },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response).on('finish', resolve).on('error', reject);
        },
      );
      inner.on('error', reject).end(body);
    });
  };
  const server = createServer((request, response) => {
    forward(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Slack refuses a field that is not JSON with invalid_blocks/invalid_metadata_format; the route decides. */
function parsedOrAsIs(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
