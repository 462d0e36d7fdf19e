import {
  applyToCard,
  type DeploymentCard,
  type DeploymentEventBody,
  type NotificationEvent,
} from '@slipway/domain';
import { arrivalEmail, deploymentEmail, digestEmail } from './deployment-email';

const CONSOLE = 'https://slipway.example.com/';
const ID = '7f3c2a10-5b7e-4c1d-9a2e-0d1f2e3c4b5a';
const LINK = `https://slipway.example.com/deployments/${ID}`;
const SHA = 'abc1234def5678abc1234def5678abc1234def56';
const MESSAGE = 'Fix <script>alert(1)</script> & friends';

/** The card after these events, one every ten seconds from 14:00 UTC. */
function cardAfter(bodies: DeploymentEventBody[], deploymentId = ID): DeploymentCard {
  const card = bodies.reduce<DeploymentCard | null>(
    (previous, body, index) =>
      applyToCard(previous, {
        eventId: `${deploymentId}-${index + 1}`,
        deploymentId,
        sequence: index + 1,
        occurredAt: new Date(Date.UTC(2025, 2, 1, 14, 0, index * 10)).toISOString(),
        body,
      }),
    null,
  );
  if (!card) throw new Error('cardAfter needs at least the DEPLOYMENT_QUEUED event');
  return card;
}

const queued = (environment = 'production'): DeploymentEventBody[] => [
  {
    type: 'DEPLOYMENT_QUEUED',
    project: 'hello',
    environment,
    ref: 'main',
    actor: 'alice',
    trigger: { type: 'push', ref: 'main' },
  },
  {
    type: 'ARTIFACT_READY',
    commitSha: SHA,
    commitMessage: `${MESSAGE}\n\nThe body of the commit message.`,
    artifactDigest: 'sha256:0000',
    artifactSize: 1024,
    built: true,
    commitAuthor: 'Ada Lovelace',
  },
  {
    type: 'RELEASE_DIFF_READY',
    from: 'def5678abc1234def5678abc1234def5678abc12',
    direction: 'FORWARD',
    commits: [
      {
        sha: SHA,
        message: MESSAGE,
        author: 'Ada Lovelace',
        committedAt: '2025-03-01T13:00:00.000Z',
        pullRequest: null,
      },
      {
        sha: '1111111aaaaaaabbbbbbbcccccccddddddd11111',
        message: 'Add a health endpoint',
        author: 'Grace Hopper',
        committedAt: '2025-03-01T12:00:00.000Z',
        pullRequest: 42,
      },
    ],
    truncated: false,
  },
];
const started: DeploymentEventBody[] = [
  ...queued(),
  { type: 'DEPLOYMENT_STARTED', commitSha: SHA, commitMessage: MESSAGE, steps: ['migrate', 'health-check'] },
  { type: 'STEP_STARTED', step: 0 },
  { type: 'STEP_SUCCEEDED', step: 0, output: 'migrated' },
];
const LOG = Array.from({ length: 40 }, (_, index) => `health log line ${index + 1}`).join('\n');
const healthCheckFailed: DeploymentEventBody[] = [
  ...started,
  { type: 'STEP_STARTED', step: 1 },
  { type: 'STEP_FAILED', step: 1, output: LOG, error: 'expected <200> & got 503' },
];
const rollingBack: DeploymentEventBody[] = [
  ...healthCheckFailed,
  { type: 'ROLLBACK_STARTED', reason: 'health-check failed' },
  { type: 'STEP_ROLLBACK_STARTED', step: 0 },
];
const approvalRequested: DeploymentEventBody[] = [
  ...queued(),
  {
    type: 'APPROVAL_REQUESTED',
    roles: ['release-manager'],
    approvers: 1,
    expiresAt: '2025-03-02T14:00:00.000Z',
  },
];

const CASES: Array<[NotificationEvent, DeploymentEventBody[], string]> = [
  [
    'QUEUED',
    [...queued(), { type: 'QUEUED_BEHIND', behind: 'b2c3d4e5-0000-4000-8000-000000000000' }],
    '[Slipway] hello → production queued behind b2c3d4e5',
  ],
  ['STARTED', started, '[Slipway] hello → production STARTED'],
  [
    'SUCCEEDED',
    [
      ...started,
      { type: 'STEP_STARTED', step: 1 },
      { type: 'STEP_SUCCEEDED', step: 1, output: 'healthy' },
      { type: 'DEPLOYMENT_SUCCEEDED' },
    ],
    '[Slipway] hello → production SUCCEEDED',
  ],
  [
    'FAILED',
    [...healthCheckFailed, { type: 'DEPLOYMENT_FAILED', reason: 'health-check failed' }],
    '[Slipway] hello → production FAILED at health-check',
  ],
  [
    'ROLLED_BACK',
    [
      ...rollingBack,
      { type: 'STEP_ROLLED_BACK', step: 0, output: 'migration reverted' },
      { type: 'DEPLOYMENT_ROLLED_BACK', reason: 'health-check failed' },
    ],
    '[Slipway] hello → production ROLLED BACK at health-check',
  ],
  [
    'ROLLBACK_FAILED',
    [
      ...rollingBack,
      {
        type: 'STEP_ROLLBACK_FAILED',
        step: 0,
        output: 'cannot reach the database',
        error: 'connection refused',
      },
      { type: 'DEPLOYMENT_ROLLBACK_FAILED', reason: 'migrate could not be rolled back' },
    ],
    '[Slipway] hello → production ROLLBACK FAILED at health-check',
  ],
  ['APPROVAL_REQUIRED', approvalRequested, '[Slipway] hello → production needs approval'],
  [
    'APPROVAL_EXPIRED',
    [...approvalRequested, { type: 'APPROVAL_EXPIRED', reason: 'nobody approved within 24 hours' }],
    '[Slipway] hello → production approval expired',
  ],
  [
    'FREEZE_OVERRIDDEN',
    [
      ...queued(),
      { type: 'FREEZE_OVERRIDDEN', actor: 'bob', reason: 'hotfix for the outage', freeze: 'holidays' },
    ],
    '[Slipway] hello → production freeze overridden by bob',
  ],
];

/** What a reader sees of an HTML part's text: entities decoded. */
function decoded(html: string): string {
  return html.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

describe('deploymentEmail', () => {
  it.each(CASES)('names the event %s in the subject', (event, bodies, subject) => {
    expect(deploymentEmail(cardAfter(bodies), event, CONSOLE).subject).toBe(subject);
  });

  it.each(CASES)('links the %s email to the deployment in both parts', (event, bodies) => {
    const email = deploymentEmail(cardAfter(bodies), event, CONSOLE);

    expect(email.text).toContain(LINK);
    expect(email.html).toContain(`href="${LINK}"`);
  });

  it('shows what a reader needs to act on a failure', () => {
    const email = deploymentEmail(
      cardAfter([...healthCheckFailed, { type: 'DEPLOYMENT_FAILED', reason: 'health-check failed' }]),
      'FAILED',
      CONSOLE,
    );

    for (const part of [email.text, decoded(email.html)]) {
      expect(part).toContain('hello');
      expect(part).toContain('production');
      expect(part).toContain(`abc1234 ${MESSAGE}`);
      expect(part).not.toContain('The body of the commit message');
      expect(part).toContain('Ada Lovelace');
      expect(part).toContain('alice (push to main)');
      expect(part).toContain('Changes since def5678: 2 commits');
      expect(part).toContain('1111111 Add a health endpoint (Grace Hopper, #42)');
      expect(part).toContain('Reason: health-check failed');
      expect(part).toContain('Step health-check failed: expected <200> & got 503');
    }
    expect(email.text).toMatch(/Status:\s+FAILED\n/);
    expect(email.text).toMatch(/Duration:\s+50s\n/);
  });

  it('includes the tail of the failing step log, as printed', () => {
    const { text, html } = deploymentEmail(
      cardAfter([...healthCheckFailed, { type: 'DEPLOYMENT_FAILED', reason: 'health-check failed' }]),
      'FAILED',
      CONSOLE,
    );

    expect(text).toContain(['health log line 39', 'health log line 40'].join('\n'));
    expect(text).toContain('health log line 11\n');
    expect(text).not.toContain('health log line 10\n');
    expect(html).toMatch(/<pre [^>]*>health log line 11\n[^<]*health log line 40<\/pre>/);
  });

  it('says which step could not be rolled back, with its error and log', () => {
    const { text } = deploymentEmail(
      cardAfter([
        ...rollingBack,
        {
          type: 'STEP_ROLLBACK_FAILED',
          step: 0,
          output: 'cannot reach the database',
          error: 'connection refused',
        },
        { type: 'DEPLOYMENT_ROLLBACK_FAILED', reason: 'migrate could not be rolled back' },
      ]),
      'ROLLBACK_FAILED',
      CONSOLE,
    );

    expect(text).toContain('Step migrate could not be rolled back: connection refused');
    expect(text).toContain('cannot reach the database');
  });

  it('escapes user-provided text in the HTML part and keeps it as written in the text part', () => {
    const email = deploymentEmail(
      cardAfter([...healthCheckFailed, { type: 'DEPLOYMENT_FAILED', reason: 'health-check failed' }]),
      'FAILED',
      CONSOLE,
    );

    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<200>');
    expect(email.html).not.toMatch(/&(?!#\d+;)/);
    expect(decoded(email.html)).toContain(MESSAGE);
    expect(email.text).toContain(MESSAGE);
  });

  it('tells who may approve and until when', () => {
    const { text } = deploymentEmail(cardAfter(approvalRequested), 'APPROVAL_REQUIRED', CONSOLE);

    expect(text).toContain('Needs 1 approval from release-manager before 2025-03-02 14:00 UTC.');
  });

  it('links a queued deployment to the one it waits for', () => {
    const behind = 'b2c3d4e5-0000-4000-8000-000000000000';
    const { text, html } = deploymentEmail(
      cardAfter([...queued(), { type: 'QUEUED_BEHIND', behind }]),
      'QUEUED',
      CONSOLE,
    );

    expect(text).toContain(`https://slipway.example.com/deployments/${behind}`);
    expect(html).toContain(`href="https://slipway.example.com/deployments/${behind}"`);
  });

  it('keeps the HTML self-contained: inline styles, no stylesheet, no image', () => {
    const { html } = deploymentEmail(cardAfter(started), 'STARTED', CONSOLE);

    expect(html).not.toMatch(/<style|<link|<img|<script/i);
    expect(html).toMatch(/<td style="[^"]+">/);
  });
});

describe('digestEmail', () => {
  const failedElsewhere = 'c0ffee00-0000-4000-8000-000000000000';
  const entries = [
    { card: cardAfter(started), event: 'STARTED' as const, at: '2025-03-01T14:00:40.000Z' },
    {
      card: cardAfter([...healthCheckFailed, { type: 'DEPLOYMENT_FAILED', reason: 'health-check failed' }]),
      event: 'FAILED' as const,
      at: '2025-03-01T14:01:10.000Z',
    },
    {
      card: cardAfter(
        [...queued('staging'), { type: 'DEPLOYMENT_FAILED', reason: 'no runner' }],
        failedElsewhere,
      ),
      event: 'FAILED' as const,
      at: '2025-03-01T14:02:00.000Z',
    },
  ];
  const window = { from: '2025-03-01T14:00:40.000Z', to: '2025-03-01T14:02:00.000Z' };

  it('counts the updates and the failures of an environment in the subject', () => {
    const email = digestEmail(entries, CONSOLE, { project: 'hello', environment: 'production', ...window });

    expect(email.subject).toBe('[Slipway] hello → production: 3 updates (2 failed)');
  });

  it('lists every update with its link in both parts', () => {
    const email = digestEmail(entries, CONSOLE, { project: 'hello', environment: 'production', ...window });

    expect(email.text).toContain(`2025-03-01 14:01 UTC  FAILED at health-check: abc1234 ${MESSAGE} by alice`);
    for (const id of [ID, failedElsewhere]) {
      expect(email.text).toContain(`https://slipway.example.com/deployments/${id}`);
      expect(email.html).toContain(`href="https://slipway.example.com/deployments/${id}"`);
    }
    expect(email.html).not.toContain('<script>');
  });

  it('names the environment of each update when it covers the whole project', () => {
    const email = digestEmail(entries, CONSOLE, { project: 'hello', environment: null, ...window });

    expect(email.subject).toBe('[Slipway] hello: 3 updates (2 failed)');
    expect(email.text).toContain(`2025-03-01 14:02 UTC  staging FAILED: abc1234 ${MESSAGE} by alice`);
  });

  it('leaves the failure count out when nothing failed', () => {
    const email = digestEmail(entries.slice(0, 1), CONSOLE, {
      project: 'hello',
      environment: 'production',
      ...window,
    });

    expect(email.subject).toBe('[Slipway] hello → production: 1 update');
  });
});

describe('arrivalEmail', () => {
  it('tells an author their change reached the environment, with a link', () => {
    const card = cardAfter([
      ...started,
      { type: 'STEP_STARTED', step: 1 },
      { type: 'STEP_SUCCEEDED', step: 1, output: 'healthy' },
      { type: 'DEPLOYMENT_SUCCEEDED' },
    ]);

    const email = arrivalEmail(card, CONSOLE);

    expect(email.subject).toBe('[Slipway] your change reached production (hello abc1234)');
    expect(email.text).toContain(`abc1234 ${MESSAGE}`);
    expect(email.text).toContain(LINK);
    expect(email.html).toContain(`href="${LINK}"`);
  });
});
