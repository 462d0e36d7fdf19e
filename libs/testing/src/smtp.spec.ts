import { createTransport } from 'nodemailer';
import { startSmtpServer, type SmtpTestServer } from './smtp';

const message = {
  from: 'Slipway <slipway@example.com>',
  to: ['ada@example.com', 'Grace <grace@example.com>'],
  subject: 'hello → production',
  text: 'plain part',
  html: '<p>html part</p>',
  messageId: '<test-1@slipway>',
};

function transportTo(
  server: SmtpTestServer,
  options: { user?: string; pass?: string; ignoreTLS?: boolean } = {},
) {
  const { user, pass, ignoreTLS = false } = options;
  return createTransport({
    host: server.host,
    port: server.port,
    ignoreTLS,
    tls: { rejectUnauthorized: false },
    ...(user === undefined ? {} : { auth: { user, pass } }),
  });
}

describe('startSmtpServer', () => {
  let server: SmtpTestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('parses a message sent with nodemailer into envelope, headers and both parts', async () => {
    server = await startSmtpServer();
    await transportTo(server).sendMail(message);

    const [mail] = await server.waitForMessages(1);
    expect(mail).toMatchObject({
      envelopeFrom: 'slipway@example.com',
      envelopeTo: ['ada@example.com', 'grace@example.com'],
      from: 'slipway@example.com',
      to: ['ada@example.com', 'grace@example.com'],
      subject: 'hello → production',
      text: 'plain part',
      html: '<p>html part</p>',
      messageId: '<test-1@slipway>',
      user: null,
    });
    expect(mail?.headers.get('subject')).toBe('hello → production');
  });

  it('refuses a client that stays in clear text when STARTTLS is required, and accepts it over TLS', async () => {
    server = await startSmtpServer({ requireStartTls: true });

    await expect(transportTo(server, { ignoreTLS: true }).sendMail(message)).rejects.toMatchObject({
      responseCode: 530,
    });
    await transportTo(server).sendMail(message);

    expect(server.messages().map((mail) => mail.secure)).toEqual([true]);
  });

  it('records who authenticated and refuses wrong credentials with 535', async () => {
    server = await startSmtpServer({ user: 'mailer', password: 's3cret' });

    await expect(
      transportTo(server, { user: 'mailer', pass: 'wrong' }).sendMail(message),
    ).rejects.toMatchObject({ responseCode: 535 });
    await transportTo(server, { user: 'mailer', pass: 's3cret' }).sendMail(message);

    expect(server.messages().map((mail) => mail.user)).toEqual(['mailer']);
  });

  it('answers the next DATA with the refusal asked for, then accepts again', async () => {
    server = await startSmtpServer();
    server.refuseNext(451, '4.3.0 try again later');

    await expect(transportTo(server).sendMail(message)).rejects.toMatchObject({
      responseCode: 451,
      response: '451 4.3.0 try again later',
    });
    await transportTo(server).sendMail(message);

    expect(server.messages()).toHaveLength(1);
  });

  it('says how many messages arrived when fewer than awaited do', async () => {
    server = await startSmtpServer();
    await transportTo(server).sendMail(message);

    await expect(server.waitForMessages(2, 50)).rejects.toThrow(
      'expected 2 messages within 50 ms, 1 arrived',
    );
  });
});
