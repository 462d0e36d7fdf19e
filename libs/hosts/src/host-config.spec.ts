import { ConfigError, loadConfig } from '@slipway/config';
import { ApplicationFailure } from '@temporalio/common';
import { describeHostConnections, hostConnectionsOf, hostVars } from './host-config';
import { HostRateLimitedError, HostRejectedError } from './host-errors';
import { hostFailure } from './host-failure';

const KEY = '-----BEGIN RSA PRIVATE KEY-----\\nMIIE\\n-----END RSA PRIVATE KEY-----';
const connections = (environment: Record<string, string>) =>
  hostConnectionsOf(loadConfig(hostVars, environment));

describe('provider credentials from the environment', () => {
  it('connects to nothing without credentials, on the public APIs by default', () => {
    expect(connections({})).toEqual({ github: null, gitlab: null });
    expect(loadConfig(hostVars, {})).toMatchObject({
      GITHUB_API_URL: 'https://api.github.com',
      GITLAB_API_URL: 'https://gitlab.com/api/v4',
    });
  });

  it('reads a GitHub token, a GitLab token and self-hosted API URLs', () => {
    expect(
      connections({
        GITHUB_TOKEN: 'ghp_x',
        GITHUB_API_URL: 'https://github.example.com/api/v3',
        GITLAB_TOKEN: 'glpat-y',
        GITLAB_API_URL: 'https://git.example.com/gitlab/api/v4',
      }),
    ).toEqual({
      github: { apiUrl: 'https://github.example.com/api/v3', auth: { token: 'ghp_x' } },
      gitlab: { apiUrl: 'https://git.example.com/gitlab/api/v4', token: 'glpat-y' },
    });
  });

  it('reads a GitHub App, its one-line key with \\n escapes made line breaks again', () => {
    const { github } = connections({
      GITHUB_APP_ID: '31337',
      GITHUB_APP_PRIVATE_KEY: KEY,
      GITHUB_APP_INSTALLATION_ID: '777',
    });

    expect(github?.auth).toEqual({
      appId: '31337',
      privateKey: '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----',
      installationId: '777',
    });
  });

  it('names what is missing from half a GitHub App, and refuses an App beside a token', () => {
    expect(() => connections({ GITHUB_APP_ID: '31337' })).toThrow(
      new ConfigError([
        'GITHUB_APP_PRIVATE_KEY is required: a GitHub App needs GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, GITHUB_APP_INSTALLATION_ID',
        'GITHUB_APP_INSTALLATION_ID is required: a GitHub App needs GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, GITHUB_APP_INSTALLATION_ID',
      ]),
    );
    expect(() =>
      connections({
        GITHUB_TOKEN: 'ghp_x',
        GITHUB_APP_ID: '31337',
        GITHUB_APP_PRIVATE_KEY: KEY,
        GITHUB_APP_INSTALLATION_ID: '777',
      }),
    ).toThrow('set either GITHUB_TOKEN or the GITHUB_APP_* variables, not both');
  });

  it('refuses a key that is not PEM and a GitLab URL that is not its REST root, without echoing them', () => {
    expect(() =>
      loadConfig(hostVars, {
        GITHUB_APP_PRIVATE_KEY: 'secret-stuff',
        GITLAB_API_URL: 'https://gitlab.example.com',
      }),
    ).toThrow(
      new ConfigError([
        "GITHUB_APP_PRIVATE_KEY is invalid: expected the GitHub App's PEM private key (-----BEGIN RSA PRIVATE KEY----- …)",
        'GITLAB_API_URL is invalid: expected GitLab REST root ending in /api/v4, such as https://gitlab.com/api/v4',
      ]),
    );
  });

  it('describes where it reports for the start-up log, never with a secret', () => {
    const lines = describeHostConnections(
      connections({
        GITHUB_APP_ID: '31337',
        GITHUB_APP_PRIVATE_KEY: KEY,
        GITHUB_APP_INSTALLATION_ID: '777',
        GITLAB_TOKEN: 'glpat-secret',
      }),
    );

    expect(lines).toEqual([
      'GitHub: https://api.github.com as App 31337, installation 777',
      'GitLab: https://gitlab.com/api/v4 with a token',
    ]);
    expect(lines.join('\n')).not.toMatch(/glpat-secret|PRIVATE KEY/);
    expect(describeHostConnections({ github: null, gitlab: null })).toEqual([
      'GitHub: not connected (set GITHUB_TOKEN or the GITHUB_APP_* variables)',
      'GitLab: not connected (set GITLAB_TOKEN)',
    ]);
  });
});

describe('provider failures as Temporal sees them', () => {
  it('retries a rate limit after the wait the provider asked for', () => {
    const failure = hostFailure(new HostRateLimitedError('GitLab answered 429: Retry later', 9000));

    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'HostRateLimited', nextRetryDelay: 9000, nonRetryable: false });
  });

  it('never retries a refusal, and passes anything else on as it is', () => {
    const network = new Error('fetch failed');

    expect(hostFailure(new HostRejectedError('GitHub answered 404: Not Found', 404))).toMatchObject({
      type: 'HostRejected',
      nonRetryable: true,
      details: [{ status: 404 }],
    });
    expect(hostFailure(network)).toBe(network);
  });
});
