import { simpleParser, type AddressObject, type HeaderValue } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message the test server accepted, as its recipients' mail client would read it. */
export interface ReceivedMail {
  /** MAIL FROM. */
  envelopeFrom: string;
  /** RCPT TO, in the order given. */
  envelopeTo: string[];
  /** The From header's address (its display name is in `headers`). */
  from: string;
  /** The To header's addresses. */
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Every header, keyed by lower-case name, as mailparser reads them. */
  headers: Map<string, HeaderValue>;
  /** Whether the session had switched to TLS (STARTTLS) before the message was sent. */
  secure: boolean;
  /** Who authenticated for the session; null when nobody did. */
  user: string | null;
}

export interface SmtpTestServerOptions {
  /** With `password`: AUTH PLAIN and LOGIN are offered and required; other credentials get 535. */
  user?: string;
  password?: string;
  /** MAIL FROM is refused with 530 until the client has switched to TLS. */
  requireStartTls?: boolean;
}

export interface SmtpTestServer {
  host: string;
  port: number;
  /** What arrived so far, oldest first. */
  messages(): ReceivedMail[];
  /** Resolves once `count` messages have arrived; rejects, saying how many did, after `timeoutMs`. */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** The next message's DATA is answered with this code and text instead of 250 (e.g. 451 or 550). */
  refuseNext(code: number, message: string): void;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
/** Connections a client left open are cut this long after stop(), not after smtp-server's 30 s. */
const CLOSE_TIMEOUT_MS = 1_000;

/** An SMTP error reply: smtp-server answers with `responseCode` and the message. */
class SmtpReply extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A real SMTP server on loopback and a free port. STARTTLS is offered with smtp-server's built-in
 * self-signed certificate (clients must accept it); every accepted message is parsed with mailparser
 * before the server answers 250, so a client that saw its message accepted finds it in `messages()`.
 */
export async function startSmtpServer(options: SmtpTestServerOptions = {}): Promise<SmtpTestServer> {
  const { user, password, requireStartTls = false } = options;
  if ((user === undefined) !== (password === undefined)) {
    throw new Error('startSmtpServer: give both user and password, or neither');
  }
  const requiresAuth = user !== undefined;
  const received: ReceivedMail[] = [];
  const refusals: SmtpReply[] = [];
  const waiters: Array<() => void> = [];

  const server = new SMTPServer({
    // The built-in certificate's warning is for production servers; this one only serves tests.
    logger: false,
    disableReverseLookup: true,
    closeTimeout: CLOSE_TIMEOUT_MS,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: !requiresAuth,
    disabledCommands: requiresAuth ? [] : ['AUTH'],
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) {
        callback(null, { user: auth.username });
        return;
      }
      callback(new SmtpReply(535, '5.7.8 Authentication credentials invalid'));
    },
    onMailFrom(_address, session, callback) {
      if (requireStartTls && !session.secure) {
        callback(new SmtpReply(530, '5.7.0 Must issue a STARTTLS command first'));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const refusal = refusals.shift();
      if (refusal) {
        // The message must still be read to the end before the reply.
        stream.on('end', () => callback(refusal));
        stream.resume();
        return;
      }
      simpleParser(stream).then(
        (parsed) => {
          received.push({
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
            from: addressesOf(parsed.from)[0] ?? '',
            to: addressesOf(parsed.to),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: parsed.html || '',
            messageId: parsed.messageId ?? '',
            headers: parsed.headers,
            secure: session.secure,
            user: typeof session.user === 'string' ? session.user : null,
          });
          for (const wake of waiters.splice(0)) wake();
          callback();
        },
        (error: unknown) =>
          callback(
            new SmtpReply(
              554,
              `5.6.0 unreadable message: ${error instanceof Error ? error.message : String(error)}`,
            ),
          ),
      );
    },
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.on('error', reject);
    const listener = server.listen(0, HOST, () => {
      server.off('error', reject);
      resolve((listener.address() as AddressInfo).port);
    });
  });

  const waitForMessages = (count: number, timeoutMs = 5_000): Promise<ReceivedMail[]> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = waiters.indexOf(check);
        if (index >= 0) waiters.splice(index, 1);
        reject(new Error(`expected ${count} messages within ${timeoutMs} ms, ${received.length} arrived`));
      }, timeoutMs);
      function check(): void {
        if (received.length >= count) {
          clearTimeout(timer);
          resolve([...received]);
        } else {
          waiters.push(check);
        }
      }
      check();
    });

  return {
    host: HOST,
    port,
    messages: () => [...received],
    waitForMessages,
    refuseNext: (code, message) => {
      refusals.push(new SmtpReply(code, message));
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function addressesOf(header: AddressObject | AddressObject[] | undefined): string[] {
  if (!header) return [];
  return (Array.isArray(header) ? header : [header])
    .flatMap((object) => object.value)
    .flatMap((address) => address.group ?? [address])
    .flatMap((address) => (address.address ? [address.address] : []));
}
