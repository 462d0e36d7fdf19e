import { freePort, scratchDir, startSmtpServer, type SmtpTestServer } from '@slipway/testing';
import { simpleParser } from 'mailparser';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DeliveryError } from '../delivery-error';
import { createEmailSender, type Email, type EmailSettings } from './email-sender';

const PASSWORD = 'correct-horse-battery';

const email: Email = {
  to: ['ada@example.com', 'grace@example.com'],
  subject: '[Slipway] hello → production FAILED at health-check',
  text: 'hello → production failed',
  html: '<p>hello → production failed</p>',
  messageId: '<0123abcd@slipway>',
};

function settingsFor(
  server: { host: string; port: number },
  change: Partial<EmailSettings> = {},
): EmailSettings {
  return {
    host: server.host,
    port: server.port,
    startTls: true,
    secure: false,
    user: undefined,
    password: undefined,
    allowSelfSigned: true,
    from: 'Slipway <slipway@example.com>',
    outboxDir: '/nonexistent/outbox',
    ...change,
  };
}

/** The DeliveryError `send` rejected with; fails the test when it resolved or threw something else. */
async function refusal(sending: Promise<unknown>): Promise<DeliveryError> {
  const error: unknown = await sending.then(
    () => new Error('expected the send to be refused, it was accepted'),
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof DeliveryError)) throw error;
  return error;
}

describe('createEmailSender over SMTP', () => {
  let server: SmtpTestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('delivers both parts to every recipient over STARTTLS, keeping the Message-ID', async () => {
    server = await startSmtpServer({ requireStartTls: true });

    const { response } = await createEmailSender(settingsFor(server)).send(email);

    expect(response).toMatch(/^250 /);
    expect(server.messages()).toEqual([
      expect.objectContaining({
        envelopeFrom: 'slipway@example.com',
        envelopeTo: ['ada@example.com', 'grace@example.com'],
        from: 'slipway@example.com',
        to: ['ada@example.com', 'grace@example.com'],
        subject: '[Slipway] hello → production FAILED at health-check',
        text: 'hello → production failed',
        html: '<p>hello → production failed</p>',
        messageId: '<0123abcd@slipway>',
        secure: true,
      }),
    ]);
  });

  it('authenticates as the configured user', async () => {
    server = await startSmtpServer({ user: 'mailer', password: PASSWORD });

    await createEmailSender(settingsFor(server, { user: 'mailer', password: PASSWORD })).send(email);

    expect(server.messages().map((mail) => mail.user)).toEqual(['mailer']);
  });

  it('refuses for now when the server answers 4xx, so the delivery is retried', async () => {
    server = await startSmtpServer();
    server.refuseNext(451, '4.3.0 mailbox busy, try again later');

    const error = await refusal(createEmailSender(settingsFor(server)).send(email));

    expect(error).toMatchObject({
      response: 'SMTP 451 4.3.0 mailbox busy, try again later',
      permanent: false,
    });
  });

  it('refuses for good when the server answers 5xx', async () => {
    server = await startSmtpServer();
    server.refuseNext(550, '5.1.1 mailbox unavailable');

    const error = await refusal(createEmailSender(settingsFor(server)).send(email));

    expect(error).toMatchObject({ response: 'SMTP 550 5.1.1 mailbox unavailable', permanent: true });
  });

  it('refuses for good on a wrong password, without the password in the error', async () => {
    server = await startSmtpServer({ user: 'mailer', password: PASSWORD });
    const wrong = 'not-the-password';

    const error = await refusal(
      createEmailSender(settingsFor(server, { user: 'mailer', password: wrong })).send(email),
    );

    expect(error).toMatchObject({ permanent: true });
    expect(error.response).toMatch(/^SMTP 535 /);
    expect(`${error.message} ${error.response} ${error.stack ?? ''} ${JSON.stringify(error)}`).not.toContain(
      wrong,
    );
    expect(server.messages()).toEqual([]);
  });

  it('refuses for good a server certificate it does not trust, saying how to accept one', async () => {
    server = await startSmtpServer();

    const error = await refusal(
      createEmailSender(settingsFor(server, { allowSelfSigned: false })).send(email),
    );

    expect(error.permanent).toBe(true);
    expect(error.response).toContain('allowSelfSigned');
    expect(server.messages()).toEqual([]);
  });

  it('refuses for now when nothing answers at the address, so the delivery is retried', async () => {
    const port = await freePort();

    const error = await refusal(createEmailSender(settingsFor({ host: '127.0.0.1', port })).send(email));

    expect(error.permanent).toBe(false);
    expect(error.response).toContain(`127.0.0.1:${port}`);
    expect(error.response).toContain('ECONNREFUSED');
  });

  it('refuses for good, naming it, a recipient that is not an email address', async () => {
    server = await startSmtpServer();

    const error = await refusal(
      createEmailSender(settingsFor(server)).send({ ...email, to: ['ada@example.com', 'grace'] }),
    );

    expect(error).toMatchObject({ response: 'not an email address: "grace"', permanent: true });
    expect(server.messages()).toEqual([]);
  });
});

describe('createEmailSender without a host', () => {
  it('writes each message to the outbox as an .eml file a mail client opens', async () => {
    const outboxDir = join(scratchDir('outbox'), 'outbox');
    const sender = createEmailSender(settingsFor({ host: '', port: 587 }, { host: undefined, outboxDir }));

    const { response } = await sender.send(email);

    const files = await readdir(outboxDir);
    expect(files).toEqual(['0123abcd_slipway.eml']);
    expect(response).toBe(`written to ${join(outboxDir, '0123abcd_slipway.eml')}`);
    const parsed = await simpleParser(await readFile(join(outboxDir, '0123abcd_slipway.eml')));
    expect(parsed).toMatchObject({
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: email.messageId,
    });
    expect(parsed.to).toMatchObject({ text: 'ada@example.com, grace@example.com' });
  });
});

describe('createEmailSender settings', () => {
  it('names every setting that is wrong', () => {
    expect(() =>
      createEmailSender(
        settingsFor({ host: ' ', port: 0 }, { user: 'mailer', password: undefined, from: '' }),
      ),
    ).toThrow(
      'email settings: host is empty (leave it unset to write .eml files to outboxDir instead); port must be a whole number from 1 to 65535, got 0; user and password go together: give both or neither; from is empty',
    );
  });
});
