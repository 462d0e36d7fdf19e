import { createApiToken, ProjectEntity, UserEntity, type StoredGrant } from '@slipway/db';
import { APPROVE_ACTION, REJECT_ACTION } from '@slipway/domain';
import {
  createGitRepository,
  createTestDatabase,
  freePort,
  scratchDir,
  signedSlackClick,
  startService,
  startServices,
  startSlackApi,
  testTemporalAddress,
  type ServiceProcess,
  type SlackApiServer,
  type TestDatabase,
  postGraphQL,
} from '@slipway/testing';
import { join } from 'node:path';

const SIGNING_SECRET = 'slack-signing-secret-for-tests';

/** Production waits for two admins; nothing else is deployed. */
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
      approvers: 2
    steps:
      - name: release
        type: release
        start: cp dist/version.txt "$SLIPWAY_TARGET_DIR/served"
`;

/** A click on a button, signed with the app's secret unless told otherwise. */
function signedClick(
  click: { actionId: string; deploymentId: string; slackUserId: string; responseUrl: string },
  { secret = SIGNING_SECRET, timestamp }: { secret?: string; timestamp?: number } = {},
) {
  const { deploymentId, ...rest } = click;
  return signedSlackClick({ ...rest, value: deploymentId }, { secret, ...(timestamp ? { timestamp } : {}) });
}

/**
 * Approve and Reject clicked in Slack, over the real stack (every service a process, Temporal and
 * PostgreSQL real, Slack's Web API a loopback stand-in): only a signed, fresh, first-seen request is
 * heard, the person is found by their Slack email, and the workflow's own approval rules decide.
 */
describe('approving and rejecting deployments from Slack', () => {
  let database: TestDatabase;
  let slack: SlackApiServer;
  let services: ServiceProcess[] = [];
  let gateway: ServiceProcess;
  let base: string;
  const tokens = { alex: '', root: '' };
  const slackUsers = { kim: '', lee: '', dana: '', stranger: '' };

  beforeAll(async () => {
    database = await createTestDatabase();
    slack = await startSlackApi();
    const repository = join(scratchDir('slack-repo'), 'shop');
    createGitRepository(repository, { '.slipway.yml': SPEC });
    await database.dataSource.getRepository(ProjectEntity).save({ name: 'shop', repositoryUrl: repository });
    tokens.alex = (await createApiToken(database.dataSource, 'alex', ['deployer'])).token;
    tokens.root = (await createApiToken(database.dataSource, 'root', ['admin'])).token;
    // Slipway users as their last sign-in left them; Slack knows the same people by email, in any case.
    const admin: StoredGrant[] = [{ role: 'admin', project: null, environment: null }];
    const deployer: StoredGrant[] = [{ role: 'deployer', project: null, environment: null }];
    await database.dataSource.getRepository(UserEntity).insert(
      [
        { subject: 'kim', email: 'Kim@Example.com', grants: admin },
        { subject: 'lee', email: 'lee@example.com', grants: admin },
        { subject: 'dana', email: 'dana@example.com', grants: deployer },
      ].map((user) => ({
        ...user,
        provider: 'saml',
        name: user.subject,
        groups: [],
        lastLoginAt: new Date(),
      })),
    );
    slackUsers.kim = slack.addUser({ name: 'kim', email: 'kim@example.com' }).id;
    slackUsers.lee = slack.addUser({ name: 'lee', email: 'lee@example.com' }).id;
    slackUsers.dana = slack.addUser({ name: 'dana', email: 'dana@example.com' }).id;
    slackUsers.stranger = slack.addUser({ name: 'sam', email: 'sam@elsewhere.example' }).id;

    const port = String(await freePort());
    const env = {
      TEMPORAL_ADDRESS: testTemporalAddress(),
      DATABASE_URL: database.url,
      SLIPWAY_HOME: scratchDir('slack-home'),
      SLIPWAY_MODE: 'development',
    };
    const [workers, started] = await Promise.all([
      startServices(['audit', 'vcs', 'runner'], env),
      startService('gateway', {
        ...env,
        PORT: port,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: slack.token,
        SLACK_API_URL: slack.url,
      }),
    ]);
    gateway = started;
    services = [...workers.values(), gateway];
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await slack.stop();
    await database.close();
  });

  async function graphql<T>(as: keyof typeof tokens, query: string, variables: Record<string, unknown> = {}) {
    return (await postGraphQL<T>(`${base}/graphql`, tokens[as], query, variables)).body;
  }

  async function post(request: { body: string; headers: Record<string, string> }) {
    const response = await fetch(`${base}/slack/interactions`, { method: 'POST', ...request });
    return { status: response.status, text: await response.text() };
  }

  async function status(id: string): Promise<string | undefined> {
    const read = await graphql<{ deployment: { status: string } | null }>(
      'root',
      'query ($id: ID!) { deployment(id: $id) { status } }',
      { id },
    );
    return read.data?.deployment?.status;
  }

  /** Polls until the deployment is in one of the statuses. */
  async function reaches(id: string, statuses: string[]): Promise<string> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const now = await status(id);
      if (now && statuses.includes(now)) return now;
      if (Date.now() > deadline)
        throw new Error(`deployment ${id} is ${now}, expected ${statuses.join(' or ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** What the person who clicked was told, once told. */
  async function toldAt(responseUrl: string): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const told = slack.responses().filter((response) => response.url === responseUrl);
      if (told.length > 0) {
        expect(told).toHaveLength(1);
        return told[0]!.body;
      }
      if (Date.now() > deadline) throw new Error(`nothing was posted to ${responseUrl}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Clicks the button as a Slack user; answers Slack's HTTP answer and what the person was then told. */
  async function click(actionId: string, deploymentId: string, slackUserId: string) {
    const responseUrl = slack.responseUrl();
    const answer = await post(signedClick({ actionId, deploymentId, slackUserId, responseUrl }));
    expect(answer).toEqual({ status: 200, text: '' });
    const told = await toldAt(responseUrl);
    expect(told).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    return told.text;
  }

  async function deployToProduction(): Promise<string> {
    const deployed = await graphql<{ deploy: { id: string } }>(
      'alex',
      'mutation { deploy(input: { project: "shop", environment: "production", ref: "main" }) { id } }',
    );
    expect(deployed.errors).toBeUndefined();
    const id = deployed.data!.deploy.id;
    await reaches(id, ['WAITING_APPROVAL']);
    return id;
  }

  const approvedBy = async (id: string) => {
    const read = await graphql<{
      pendingApprovals: Array<{ deployment: { id: string }; approvedBy: string[] }>;
    }>('root', '{ pendingApprovals { deployment { id } approvedBy } }');
    return read.data?.pendingApprovals.find((pending) => pending.deployment.id === id)?.approvedBy;
  };

  it('refuses forged, stale and replayed requests, and people without the role or a Slipway account; two admins approve', async () => {
    // A click on a button that is not Slipway's is acknowledged and left alone (checked at the end).
    const otherUrl = slack.responseUrl();
    const other = signedClick({
      actionId: 'open_dashboard',
      deploymentId: 'https://grafana.example.com',
      slackUserId: slackUsers.kim,
      responseUrl: otherUrl,
    });
    expect(await post(other)).toEqual({ status: 200, text: '' });

    const id = await deployToProduction();

    // Kim, an admin: the first of the two approvals, in Slipway's history as her, "via Slack".
    const responseUrl = slack.responseUrl();
    const kimApproves = signedClick({
      actionId: APPROVE_ACTION,
      deploymentId: id,
      slackUserId: slackUsers.kim,
      responseUrl,
    });
    expect(await post(kimApproves)).toEqual({ status: 200, text: '' });
    expect((await toldAt(responseUrl)).text).toBe('Approved — 1 more approval needed');
    expect(await approvedBy(id)).toEqual(['Kim@Example.com']);

    // The very same request again, within the window: refused, and nobody is told anything twice.
    expect(await post(kimApproves)).toEqual({ status: 401, text: 'replayed request' });

    const lee = { actionId: APPROVE_ACTION, deploymentId: id, slackUserId: slackUsers.lee };
    const forged = signedClick({ ...lee, responseUrl: slack.responseUrl() }, { secret: 'guessed' });
    expect(await post(forged)).toEqual({ status: 401, text: 'bad signature' });
    const tampered = signedClick({ ...lee, responseUrl: slack.responseUrl() });
    expect(await post({ ...tampered, body: tampered.body.replace(slackUsers.lee, slackUsers.kim) })).toEqual({
      status: 401,
      text: 'bad signature',
    });
    const stale = signedClick(
      { ...lee, responseUrl: slack.responseUrl() },
      { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 },
    );
    expect(await post(stale)).toEqual({ status: 401, text: 'stale timestamp' });

    // Dana is a deployer; production wants admins. The workflow's own refusal reaches her.
    expect(await click(APPROVE_ACTION, id, slackUsers.dana)).toBe(
      'dana@example.com may not decide on this deployment: it needs the role admin',
    );
    expect(await click(APPROVE_ACTION, id, slackUsers.stranger)).toBe(
      'Your Slack account (sam@elsewhere.example) is not linked to a Slipway user: sign in to Slipway once with that email',
    );
    expect(await status(id)).toBe('WAITING_APPROVAL');
    expect(await approvedBy(id)).toEqual(['Kim@Example.com']);
    expect(slack.responses()).toHaveLength(3);

    expect(await click(APPROVE_ACTION, id, slackUsers.lee)).toBe('Approved — shop goes to production');
    expect(await reaches(id, ['SUCCEEDED'])).toBe('SUCCEEDED');

    expect(slack.responses().filter((response) => response.url === otherUrl)).toEqual([]);
  });

  it('rejects as an admin, and keeps every attempt in the audit log marked as from Slack', async () => {
    const id = await deployToProduction();
    expect(await click(REJECT_ACTION, id, slackUsers.lee)).toBe('Rejected — shop will not go to production');
    expect(await reaches(id, ['REJECTED'])).toBe('REJECTED');

    const audit = await graphql<{
      auditEntries: Array<{ actor: string | null; action: string; arguments: string; outcome: string }>;
    }>('root', '{ auditEntries { actor action arguments outcome } }');
    const fromSlack = audit
      .data!.auditEntries.map((entry) => ({ ...entry, arguments: JSON.parse(entry.arguments) as unknown }))
      .filter((entry) => (entry.arguments as { via?: string }).via === 'slack')
      .reverse();
    expect(fromSlack.at(-1)?.arguments).toEqual({
      id,
      comment: 'via Slack',
      via: 'slack',
      slackUser: slackUsers.lee,
    });
    expect(fromSlack.map(({ actor, action, outcome }) => ({ actor, action, outcome }))).toEqual([
      { actor: 'Kim@Example.com', action: 'approveDeployment', outcome: 'ok' },
      { actor: 'dana@example.com', action: 'approveDeployment', outcome: 'denied' },
      { actor: null, action: 'approveDeployment', outcome: 'denied' },
      { actor: 'lee@example.com', action: 'approveDeployment', outcome: 'ok' },
      { actor: 'lee@example.com', action: 'rejectDeployment', outcome: 'ok' },
    ]);
  });

  it('never writes the signing secret or the bot token to its log', () => {
    expect(gateway.output()).toContain('gateway listening');
    expect(gateway.output()).not.toContain(SIGNING_SECRET);
    expect(gateway.output()).not.toContain(slack.token);
  });
});
