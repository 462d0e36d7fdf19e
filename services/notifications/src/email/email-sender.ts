import { EMAIL_ADDRESS } from '@slipway/domain';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { types } from 'node:util';
import { createTransport, type NodemailerError, type SendMailOptions } from 'nodemailer';
import { DeliveryError } from '../delivery-error';

export interface EmailSettings {
  /** Unset: nothing is sent; each message is written as an .eml file under outboxDir (one-machine demo). */
  host: string | undefined;
  /** 587 by default. */
  port: number;
  /** STARTTLS is required (never sends in clear); false: used when the server offers it. */
  startTls: boolean;
  /** Implicit TLS (port 465). */
  secure: boolean;
  user: string | undefined;
  password: string | undefined;
  /** Accept a self-signed server certificate (tests, internal relays). */
  allowSelfSigned: boolean;
  from: string;
  outboxDir: string;
}

export interface Email {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** `<…@…>`; kept as the message's Message-ID, so a message sent twice shows once in a mail client. */
  messageId: string;
}

export interface EmailSender {
  /** `response`: the server's answer line (`250 OK …`), or `written to …eml`. Throws DeliveryError. */
  send(email: Email): Promise<{ response: string }>;
}

const CONNECTION_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;

/**
 * Node's names for a server certificate that does not verify. Retrying cannot fix one: it is refused
 * for good, with the way out in the message.
 */
const UNTRUSTED_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
/** What Node says when `secure` meets a server that expects STARTTLS (or plain SMTP) on that port. */
const NOT_TLS_ON_CONNECT = 'ERR_SSL_WRONG_VERSION_NUMBER';
/** Errors raised before or instead of a server reply that a retry would raise again. */
const PERMANENT_CLIENT_ERRORS = new Set(['EAUTH', 'ENOAUTH', 'EENVELOPE', 'ECONFIG']);

/** Sends over SMTP when a host is set; otherwise writes each message to the outbox as an .eml file. */
export function createEmailSender(settings: EmailSettings): EmailSender {
  assertValidSettings(settings);
  return settings.host === undefined
    ? outboxSender(settings)
    : smtpSender({ ...settings, host: settings.host });
}

function assertValidSettings(settings: EmailSettings): void {
  const problems: string[] = [];
  if (settings.host !== undefined && settings.host.trim() === '') {
    problems.push('host is empty (leave it unset to write .eml files to outboxDir instead)');
  }
  if (!Number.isInteger(settings.port) || settings.port < 1 || settings.port > 65_535) {
    problems.push(`port must be a whole number from 1 to 65535, got ${settings.port}`);
  }
  if ((settings.user === undefined) !== (settings.password === undefined)) {
    problems.push('user and password go together: give both or neither');
  }
  if (settings.from.trim() === '') problems.push('from is empty');
  if (settings.host === undefined && settings.outboxDir.trim() === '') {
    problems.push('outboxDir is empty, and without a host every message is written there');
  }
  if (problems.length > 0) throw new Error(`email settings: ${problems.join('; ')}`);
}

function assertValidEmail(email: Email): void {
  if (email.to.length === 0) throw new DeliveryError('no recipients: nothing was sent', true);
  const invalid = email.to.filter((address) => !EMAIL_ADDRESS.test(address));
  if (invalid.length > 0) {
    throw new DeliveryError(
      `not an email address: ${invalid.map((address) => JSON.stringify(address)).join(', ')}`,
      true,
    );
  }
}

function smtpSender(settings: EmailSettings & { host: string }): EmailSender {
  const { host, port, user, password } = settings;
  const transport = createTransport({
    host,
    port,
    secure: settings.secure,
    requireTLS: settings.startTls && !settings.secure,
    ...(user !== undefined && password !== undefined ? { auth: { user, pass: password } } : {}),
    ...(settings.allowSelfSigned ? { tls: { rejectUnauthorized: false } } : {}),
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    // The SMTP transcript carries the AUTH exchange: it never reaches a log.
    logger: false,
  });
  const server = `${host}:${port}`;
  const withoutPassword = (text: string): string =>
    password ? text.split(password).join('[password]') : text;

  return {
    async send(email) {
      assertValidEmail(email);
      try {
        const info = await transport.sendMail(messageOf(settings.from, email));
        return {
          response: withoutPassword(oneLine(`${info.response}${refusedRecipients(info.rejectedErrors)}`)),
        };
      } catch (error) {
        throw deliveryErrorOf(error, server, withoutPassword);
      }
    },
  };
}

/** Recipients the server refused while it took the message for the others, for the delivery log. */
function refusedRecipients(refusals: NodemailerError[] | undefined): string {
  if (!refusals || refusals.length === 0) return '';
  return ` (refused: ${refusals.map((refusal) => `${refusal.recipient ?? '?'} ${refusal.response ?? refusal.message}`).join('; ')})`;
}

function deliveryErrorOf(error: unknown, server: string, clean: (text: string) => string): DeliveryError {
  // Not `instanceof Error`: socket and TLS errors come from Node's own realm, which differs under Jest.
  if (!types.isNativeError(error)) return new DeliveryError(clean(`SMTP ${server}: ${String(error)}`), false);
  const failure: NodemailerError = error;
  if (typeof failure.responseCode === 'number') {
    // RFC 5321: 5yz refuses for good, 4yz for now. 503 (bad sequence of commands) is about the session,
    // not the message: a new connection may well succeed.
    const permanent = failure.responseCode >= 500 && failure.responseCode !== 503;
    return new DeliveryError(clean(oneLine(`SMTP ${failure.response ?? failure.responseCode}`)), permanent);
  }
  const cause = failure.originalCode ?? failure.code ?? '';
  if (UNTRUSTED_CERTIFICATE.has(cause)) {
    return new DeliveryError(
      clean(
        `SMTP ${server}: the server's certificate is not trusted (${failure.message}); set allowSelfSigned for a relay with its own certificate`,
      ),
      true,
    );
  }
  if (cause === NOT_TLS_ON_CONNECT) {
    return new DeliveryError(
      `SMTP ${server}: the server does not speak TLS on connect; use secure only for implicit-TLS ports such as 465`,
      true,
    );
  }
  return new DeliveryError(
    clean(oneLine(`SMTP ${server}: ${failure.message}`)),
    PERMANENT_CLIENT_ERRORS.has(failure.code ?? ''),
  );
}

function outboxSender(settings: EmailSettings): EmailSender {
  const transport = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(email) {
      assertValidEmail(email);
      const info = await transport.sendMail(messageOf(settings.from, email));
      await mkdir(settings.outboxDir, { recursive: true });
      // Named after the Message-ID: a retried delivery rewrites its file instead of adding a second.
      const name = email.messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._-]+/g, '_');
      const file = join(settings.outboxDir, `${name}.eml`);
      await writeFile(file, info.message);
      return { response: `written to ${file}` };
    },
  };
}

function messageOf(from: string, email: Email): SendMailOptions {
  const { to, subject, text, html, messageId } = email;
  return { from, to, subject, text, html, messageId };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
