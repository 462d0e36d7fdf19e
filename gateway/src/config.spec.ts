import { ConfigError } from '@slipway/config';
import { loadGatewayConfig } from './config';

const BASE = {
  DATABASE_URL: 'postgres://slipway@127.0.0.1:5432/slipway',
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
};

function problemsOf(environment: Record<string, string>): string[] {
  try {
    loadGatewayConfig({ ...BASE, ...environment });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('gateway configuration', () => {
  it('refuses production mode without a sign-in provider, unless told to run on API tokens alone', () => {
    expect(problemsOf({})).toEqual([expect.stringMatching(/^production mode needs a sign-in provider/)]);
    expect(problemsOf({ SLIPWAY_ALLOW_TOKEN_ONLY: 'true' })).toEqual([]);
    expect(problemsOf({ SLIPWAY_MODE: 'development' })).toEqual([]);
  });

  it('names the missing half of a provider', () => {
    expect(problemsOf({ SAML_ENTRY_POINT: 'https://idp.example.com/sso' })).toEqual([
      expect.stringMatching(/^SAML_IDP_CERT is required/),
    ]);
    expect(problemsOf({ GITHUB_CLIENT_ID: 'Iv1.abc' })).toEqual([
      expect.stringMatching(/^GITHUB_CLIENT_SECRET is required/),
    ]);
  });

  it('starts in production with GitHub login, marking cookies Secure behind https', () => {
    const config = loadGatewayConfig({
      ...BASE,
      GITHUB_CLIENT_ID: 'Iv1.abc',
      GITHUB_CLIENT_SECRET: 'secret',
      SLIPWAY_PUBLIC_URL: 'https://deploy.example.com/',
    });
    expect(config.publicUrl).toBe('https://deploy.example.com');
    expect(config.secureCookies).toBe(true);
    expect(config.github).toMatchObject({ url: 'https://github.com', apiUrl: 'https://api.github.com' });
  });

  it('reports a bad role map with the rest', () => {
    expect(problemsOf({ SLIPWAY_MODE: 'development', SLIPWAY_ROLE_MAP: '{"ops": ["root"]}' })).toEqual([
      expect.stringContaining('"root": the role must be one of admin, deployer, viewer'),
    ]);
  });

  it('turns Slack buttons on with the signing secret, which needs the bot token to find who clicked', () => {
    const dev = { SLIPWAY_MODE: 'development' };
    expect(loadGatewayConfig({ ...BASE, ...dev, SLACK_BOT_TOKEN: 'xoxb-1' }).slack).toBeNull();
    expect(problemsOf({ ...dev, SLACK_SIGNING_SECRET: 'shh' })).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN is required/),
    ]);
    expect(
      loadGatewayConfig({ ...BASE, ...dev, SLACK_SIGNING_SECRET: 'shh', SLACK_BOT_TOKEN: 'xoxb-1' }).slack,
    ).toEqual({ signingSecret: 'shh', botToken: 'xoxb-1', apiUrl: 'https://slack.com/api/' });
  });
});
