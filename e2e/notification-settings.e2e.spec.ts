import { createApiToken } from '@slipway/db';
import {
  createTestDatabase,
  type TestDatabase,
  startGateway,
  type TestGateway,
  postGraphQL,
} from '@slipway/testing';

interface Settings {
  project: string;
  environment: string | null;
  events: string[];
  slackChannels: string[];
  emailRecipients: string[];
  updatedBy: string;
}

const FIELDS = 'project environment events slackChannels emailRecipients updatedBy';
const SET = `mutation ($input: NotificationSettingsInput!) { setNotificationSettings(input: $input) { ${FIELDS} } }`;

/** Who hears what, per project and environment: set by admins, read by the notifications service. */
describe('notification settings', () => {
  let database: TestDatabase;
  let gateway: TestGateway;
  let url: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.dataSource.query(
      `INSERT INTO projects (name, repository_url) VALUES ('shop', '/srv/shop.git'), ('blog', '/srv/blog.git')`,
    );
    tokens.admin = (await createApiToken(database.dataSource, 'root', ['admin'])).token;
    tokens.blogAdmin = (
      await createApiToken(database.dataSource, 'blog-admin', ['admin'], { projects: ['blog'] })
    ).token;
    tokens.deployer = (await createApiToken(database.dataSource, 'dana', ['deployer'])).token;
    gateway = await startGateway(database.url);
    url = gateway.graphqlUrl;
  });

  afterAll(async () => {
    await gateway.stop();
    await database.close();
  });

  async function graphql<T>(token: string, query: string, variables: Record<string, unknown> = {}) {
    return (await postGraphQL<T>(url, token, query, variables)).body;
  }

  it('defaults to failures and approvals, per environment over the project-wide settings', async () => {
    const everywhere = await graphql<{ setNotificationSettings: Settings }>(tokens.admin!, SET, {
      input: { project: 'shop', slackChannels: ['#shop-deploys'] },
    });
    expect(everywhere.data?.setNotificationSettings).toEqual({
      project: 'shop',
      environment: null,
      events: ['FAILED', 'ROLLED_BACK', 'ROLLBACK_FAILED', 'APPROVAL_REQUIRED', 'APPROVAL_EXPIRED'],
      slackChannels: ['#shop-deploys'],
      emailRecipients: [],
      updatedBy: 'root',
    });
    await graphql(tokens.admin!, SET, {
      input: {
        project: 'shop',
        environment: 'production',
        events: ['SUCCEEDED', 'FAILED'],
        slackChannels: ['C024BE91L'],
        emailRecipients: ['Ops@Example.com', 'ops@example.com'],
      },
    });
    const listed = await graphql<{ notificationSettings: Settings[] }>(
      tokens.deployer!,
      `{ notificationSettings(project: "shop") { ${FIELDS} } }`,
    );
    expect(listed.data?.notificationSettings).toEqual([
      expect.objectContaining({ environment: null, slackChannels: ['#shop-deploys'] }),
      expect.objectContaining({
        environment: 'production',
        events: ['SUCCEEDED', 'FAILED'],
        slackChannels: ['C024BE91L'],
        emailRecipients: ['ops@example.com'],
      }),
    ]);

    const removed = await graphql<{ deleteNotificationSettings: boolean }>(
      tokens.admin!,
      'mutation { deleteNotificationSettings(project: "shop", environment: "production") }',
    );
    expect(removed.data?.deleteNotificationSettings).toBe(true);
    const again = await graphql(
      tokens.admin!,
      'mutation { deleteNotificationSettings(project: "shop", environment: "production") }',
    );
    expect(again.errors?.[0]).toMatchObject({
      message: 'project shop has no notification settings for production',
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it.each([
    [{ project: 'shop', slackChannels: ['deploys'] }, 'slackChannels.0', /slackChannels must be channels/],
    [
      { project: 'shop', emailRecipients: ['ops at example'] },
      'emailRecipients.0',
      /must be email addresses/,
    ],
    [{ project: 'shop' }, 'slackChannels', /name at least one Slack channel or email recipient/],
    [{ project: 'Shop!', slackChannels: ['#x'] }, 'project', /project must be a lowercase name/],
    [
      { project: 'shop', slackChannels: ['#x'], emailDigestMinutes: 60 },
      'emailDigestMinutes',
      /emailDigestMinutes needs emailRecipients/,
    ],
    [
      { project: 'shop', emailRecipients: ['a@example.com'], emailDigestMinutes: 2000 },
      'emailDigestMinutes',
      /emailDigestMinutes must be between 1 and 1440/,
    ],
  ])('refuses %j, naming the field', async (input, field, message) => {
    const result = await graphql(tokens.admin!, SET, { input });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(result.errors?.[0]?.message).toMatch(message);
  });

  it('lets only admins of the project change them, and hides other projects', async () => {
    const deployer = await graphql(tokens.deployer!, SET, {
      input: { project: 'shop', slackChannels: ['#x'] },
    });
    expect(deployer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const otherProject = await graphql(tokens.blogAdmin!, SET, {
      input: { project: 'shop', slackChannels: ['#x'] },
    });
    expect(otherProject.errors?.[0]).toMatchObject({
      message: 'This needs one of the roles admin in project shop.',
      extensions: { code: 'FORBIDDEN' },
    });
    const read = await graphql(tokens.blogAdmin!, '{ notificationSettings(project: "shop") { project } }');
    expect(read.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const own = await graphql<{ setNotificationSettings: Settings }>(tokens.blogAdmin!, SET, {
      input: { project: 'blog', emailRecipients: ['writers@example.com'] },
    });
    expect(own.data?.setNotificationSettings.updatedBy).toBe('blog-admin');
    const unknown = await graphql(tokens.admin!, SET, { input: { project: 'nope', slackChannels: ['#x'] } });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'project' });
  });

  it('keeps a digest window and telling authors, and shows the delivery log to whoever sees the project', async () => {
    const saved = await graphql<{
      setNotificationSettings: { emailDigestMinutes: number; notifyAuthors: boolean };
    }>(
      tokens.admin!,
      `
        mutation ($input: NotificationSettingsInput!) {
          setNotificationSettings(input: $input) {
            emailDigestMinutes
            notifyAuthors
          }
        }
      `,
      {
        input: {
          project: 'shop',
          environment: 'staging',
          notifyAuthors: true,
          emailRecipients: ['qa@example.com'],
          emailDigestMinutes: 30,
        },
      },
    );
    expect(saved.data?.setNotificationSettings).toEqual({ emailDigestMinutes: 30, notifyAuthors: true });
    const authorsOnly = await graphql(tokens.admin!, SET, {
      input: { project: 'shop', environment: 'qa', notifyAuthors: true },
    });
    expect(authorsOnly.errors).toBeUndefined();

    const log = await graphql<{ notificationDeliveries: unknown[] }>(
      tokens.deployer!,
      '{ notificationDeliveries(project: "shop") { kind channel target state attempts { outcome } } }',
    );
    expect(log.data?.notificationDeliveries).toEqual([]);
    const badId = await graphql(
      tokens.deployer!,
      '{ notificationDeliveries(project: "shop", deploymentId: "42") { kind } }',
    );
    expect(badId.errors?.[0]).toMatchObject({
      message: 'deploymentId must be a deployment id (a UUID), not "42"',
      extensions: { code: 'BAD_USER_INPUT', field: 'deploymentId' },
    });
    const hidden = await graphql(tokens.blogAdmin!, '{ notificationDeliveries(project: "shop") { kind } }');
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('answers Slack buttons with 404 while no Slack app is configured', async () => {
    const response = await fetch(`${gateway.base}/slack/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'payload=%7B%7D',
    });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('Slack is not configured');
  });
});
