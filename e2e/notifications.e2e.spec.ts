import { createApiToken, ProjectEntity, UserEntity } from '@slipway/db';
import { APPROVE_ACTION } from '@slipway/domain';
import {
  createGitRepository,
  createTestDatabase,
  freePort,
  scratchDir,
  signedSlackClick,
  slackMethod,
  startService,
  startServices,
  startSlackApi,
  startSmtpServer,
  testTemporalAddress,
  type ServiceProcess,
  type SlackApiServer,
  type SmtpTestServer,
  type TestDatabase,
  graphqlData,
} from '@slipway/testing';
import { join } from 'node:path';

interface Delivery {
  kind: string;
  channel: string;
  target: string;
  state: string;
  attempts: Array<{ attempt: number; outcome: string; response: string }>;
}

const SIGNING_SECRET = 'slack-signing-secret-for-notifications';
const PUBLIC_URL = 'https://slipway.example.com';

/** Production waits for an admin, deploys, then fails its health check and is rolled back. */
const SPEC = `version: 1
build:
  steps:
    - name: compile
      run: mkdir -p dist && echo one > dist/version.txt
  artifact: [dist]
environments:
  - name: production
    approval:
      roles: [admin]
    steps:
      - name: release
        type: release
        start: cp dist/version.txt "$SLIPWAY_TARGET_DIR/served"
      - name: health-check
        run: echo "GET /healthz"; echo "503 Service Unavailable" >&2; exit 1
`;

/**
 * Notifications over the real stack (every service a process, Temporal and PostgreSQL real), with a
 * real SMTP server and Slack's Web API as a loopback stand-in: a deployment that waits for approval,
 * is approved from its Slack message, fails and is rolled back is one Slack message kept current,
 * one thread reply with the failure, and one email per routed event, each in the delivery log.
 */
describe('notifications of a deployment', () => {
  let database: TestDatabase;
  let slack: SlackApiServer;
  let smtp: SmtpTestServer;
  let services: ServiceProcess[] = [];
  let base: string;
  let adminToken: string;
  let kim: string;
  let notifications: ServiceProcess;
  let notificationsEnv: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    slack = await startSlackApi();
    slack.addChannel('deploys');
    smtp = await startSmtpServer({ user: 'slipway', password: 'smtp-password', requireStartTls: true });
    const repository = join(scratchDir('notify-repo'), 'shop');
    createGitRepository(repository, { '.slipway.yml': SPEC });
    await database.dataSource.getRepository(ProjectEntity).save({ name: 'shop', repositoryUrl: repository });
    adminToken = (await createApiToken(database.dataSource, 'root', ['admin'])).token;
    await database.dataSource.getRepository(UserEntity).insert({
      provider: 'saml',
      subject: 'kim',
      name: 'kim',
      email: 'kim@example.com',
      groups: [],
      grants: [{ role: 'admin', project: null, environment: null }],
      lastLoginAt: new Date(),
    });
    kim = slack.addUser({ name: 'kim', email: 'kim@example.com' }).id;

    const port = String(await freePort());
    const env = {
      TEMPORAL_ADDRESS: testTemporalAddress(),
      DATABASE_URL: database.url,
      SLIPWAY_HOME: scratchDir('notify-home'),
      SLIPWAY_MODE: 'development',
      SLIPWAY_PUBLIC_URL: PUBLIC_URL,
      SLACK_BOT_TOKEN: slack.token,
      SLACK_API_URL: slack.url,
    };
    const [workers, gateway] = await Promise.all([
      startServices(['audit', 'vcs', 'runner'], env),
      startService('gateway', { ...env, PORT: port, SLACK_SIGNING_SECRET: SIGNING_SECRET }),
    ]);
    notificationsEnv = {
      ...env,
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      SMTP_USER: 'slipway',
      SMTP_PASSWORD: 'smtp-password',
      SMTP_ALLOW_SELF_SIGNED: 'true',
      NOTIFY_EMAIL_FROM: 'Slipway <slipway@example.com>',
    };
    notifications = await startService('notifications', notificationsEnv);
    services = [...workers.values(), gateway];
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await Promise.all([...services, notifications].map((service) => service.stop()));
    await slack.stop();
    await smtp.stop();
    await database.close();
  });

  const graphql = <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> =>
    graphqlData<T>(`${base}/graphql`, adminToken, query, variables);

  async function eventually<T>(what: string, read: () => Promise<T | null> | T | null): Promise<T> {
    const deadline = Date.now() + 45_000;
    for (;;) {
      const value = await read();
      if (value !== null) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Kim clicks Approve on the deployment's Slack message. */
  async function approveInSlack(id: string): Promise<void> {
    const click = signedSlackClick(
      { actionId: APPROVE_ACTION, value: id, slackUserId: kim, responseUrl: slack.responseUrl() },
      { secret: SIGNING_SECRET },
    );
    const clicked = await fetch(`${base}/slack/interactions`, { method: 'POST', ...click });
    expect(clicked.status).toBe(200);
  }

  const deliveriesOf = async (id: string): Promise<Delivery[]> =>
    (
      await graphql<{ notificationDeliveries: Delivery[] }>(
        `
          query ($id: ID!) {
            notificationDeliveries(project: "shop", deploymentId: $id, first: 100) {
              kind
              channel
              target
              state
              attempts {
                attempt
                outcome
                response
              }
            }
          }
        `,
        { id },
      )
    ).notificationDeliveries;

  it('keeps one Slack message current from approval to rollback, replies once in its thread, and emails each routed event once', async () => {
    await graphql(`
      mutation {
        setNotificationSettings(
          input: { project: "shop", slackChannels: ["#deploys"], emailRecipients: ["ops@example.com"] }
        ) {
          project
        }
      }
    `);
    const { deploy } = await graphql<{ deploy: { id: string } }>(
      'mutation { deploy(input: { project: "shop", environment: "production", ref: "main" }) { id } }',
    );
    const id = deploy.id;

    // The message asks for approval, with the buttons.
    const posted = await eventually('the Slack message', () => slack.messages('deploys')[0] ?? null);
    const asked = JSON.stringify(posted.versions[0]?.blocks);
    expect(asked).toContain(APPROVE_ACTION);
    expect(asked).toContain(id);
    const askedMail = await smtp.waitForMessages(1, 30_000);
    expect(askedMail[0]?.subject).toBe('[Slipway] shop → production needs approval');

    // Slack is briefly rate limited while the message is being kept current: it waits and goes on.
    slack.rateLimitNext({ retryAfterSeconds: 1 }, 0, slackMethod('chat.update'));

    // Kim approves from the message itself.
    await approveInSlack(id);

    const deliveries = await eventually('the failure details in Slack', async () => {
      const now = await deliveriesOf(id);
      return now.some((delivery) => delivery.kind === 'FAILURE_DETAILS' && delivery.state === 'SENT')
        ? now
        : null;
    });
    await eventually('the rollback email', () => (smtp.messages().length >= 2 ? true : null));

    // Slack: one message, updated in place several times; one reply in its thread.
    const messages = slack.messages('deploys');
    const [message, ...replies] = messages;
    expect(messages.filter((entry) => entry.threadTs === null)).toHaveLength(1);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.threadTs).toBe(message?.ts);
    expect(replies[0]?.versions[0]?.text).toContain('health-check');
    expect(JSON.stringify(replies[0]?.versions[0]?.blocks)).toContain('503 Service Unavailable');
    expect(message!.versions.length).toBeGreaterThanOrEqual(3);
    const last = message!.versions.at(-1)!;
    expect(last.text).toContain('ROLLED BACK');
    expect(JSON.stringify(last.blocks)).not.toContain(APPROVE_ACTION);
    expect(JSON.stringify(last.blocks)).toContain(`${PUBLIC_URL}/deployments/${id}`);

    // Email: one per routed event, the failure naming its step, over STARTTLS with the link.
    const mails = smtp.messages();
    expect(mails.map((mail) => mail.subject)).toEqual([
      '[Slipway] shop → production needs approval',
      '[Slipway] shop → production ROLLED BACK at health-check',
    ]);
    expect(mails.every((mail) => mail.secure && mail.user === 'slipway')).toBe(true);
    expect(mails[1]?.envelopeTo).toEqual(['ops@example.com']);
    expect(mails[1]?.text).toContain(`${PUBLIC_URL}/deployments/${id}`);
    expect(mails[1]?.html).toContain(`${PUBLIC_URL}/deployments/${id}`);

    // The delivery log tells all of it, the rate limit included.
    expect(deliveries.every((delivery) => delivery.state === 'SENT')).toBe(true);
    expect(
      deliveries
        .filter((delivery) => delivery.channel === 'email')
        .map((delivery) => delivery.kind)
        .sort(),
    ).toEqual(['APPROVAL_REQUIRED', 'ROLLED_BACK']);
    const limited = deliveries.find((delivery) =>
      delivery.attempts.some((entry) => entry.outcome === 'RETRYING'),
    );
    expect(limited?.kind).toBe('UPDATE');
    expect(limited?.attempts.map((entry) => entry.outcome)).toEqual(['RETRYING', 'SENT']);
    expect(limited?.attempts[0]?.response).toBe('Slack: HTTP 429, retry after 1s');
  });

  it('loses nothing while the notifications service is down: the deployment goes on, people hear what still matters once it is back', async () => {
    await notifications.stop();
    const topLevel = () => slack.messages('deploys').filter((entry) => entry.threadTs === null);
    const before = { mails: smtp.messages().length, messages: topLevel().length };
    const { deploy } = await graphql<{ deploy: { id: string } }>(
      'mutation { deploy(input: { project: "shop", environment: "production", ref: "main" }) { id } }',
    );
    const id = deploy.id;
    const status = async () =>
      (
        await graphql<{ deployment: { status: string } }>(
          'query ($id: ID!) { deployment(id: $id) { status } }',
          { id },
        )
      ).deployment.status;
    await eventually('the approval request', async () =>
      (await status()) === 'WAITING_APPROVAL' ? true : null,
    );
    // The gateway hears Slack's button on its own: approving needs no notifications service.
    await approveInSlack(id);
    await eventually('the rollback', async () => ((await status()) === 'ROLLED_BACK' ? true : null));
    expect(smtp.messages()).toHaveLength(before.mails);
    expect(topLevel()).toHaveLength(before.messages);

    notifications = await startService('notifications', notificationsEnv);
    // The approval request is over by now: only the rollback is emailed.
    await smtp.waitForMessages(before.mails + 1, 45_000);
    const message = await eventually('the message showing the rollback', () => {
      const posted = slack
        .messages('deploys')
        .filter((entry) => entry.threadTs === null)
        .slice(before.messages);
      return posted.length === 1 && posted[0]!.versions.at(-1)!.text.includes('ROLLED BACK')
        ? posted[0]!
        : null;
    });
    await eventually('the thread reply', () =>
      slack.messages('deploys').some((entry) => entry.threadTs === message.ts) ? true : null,
    );
    expect(
      smtp
        .messages()
        .slice(before.mails)
        .map((mail) => mail.subject)
        .sort(),
    ).toEqual(['[Slipway] shop → production ROLLED BACK at health-check']);
  });

  it('never writes the bot token or the SMTP password to any log', () => {
    for (const service of [...services, notifications]) {
      expect(service.output()).not.toContain(slack.token);
      expect(service.output()).not.toContain('smtp-password');
    }
  });
});
