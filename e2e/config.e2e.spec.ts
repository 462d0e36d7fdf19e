import { scratchDir, spawnService, type ServiceName } from '@slipway/testing';

/** Every service checks its configuration before it starts anything, and names what is wrong. */
describe('a service started with a bad configuration', () => {
  const cases: Array<[ServiceName, Record<string, string>, RegExp]> = [
    ['audit', { TEMPORAL_ADDRESS: '127.0.0.1:7233' }, /DATABASE_URL is required/],
    [
      'gateway',
      { DATABASE_URL: 'postgres://x@127.0.0.1/x', TEMPORAL_ADDRESS: 'nowhere' },
      /TEMPORAL_ADDRESS is invalid: expected host:port/,
    ],
    [
      'gateway',
      {
        DATABASE_URL: 'postgres://x@127.0.0.1/x',
        TEMPORAL_ADDRESS: '127.0.0.1:7233',
        SLIPWAY_MODE: 'production',
      },
      /production mode needs a sign-in provider: set SAML_ENTRY_POINT and SAML_IDP_CERT, or GITHUB_CLIENT_ID/,
    ],
    [
      'runner',
      { TEMPORAL_ADDRESS: '127.0.0.1:7233', SLIPWAY_HOME: 'relative/path' },
      /SLIPWAY_HOME is invalid: expected an absolute directory path/,
    ],
    [
      'notifications',
      {
        DATABASE_URL: 'postgres://x@127.0.0.1/x',
        TEMPORAL_ADDRESS: '127.0.0.1:7233',
        SLIPWAY_HOME: '/tmp',
        SMTP_STARTTLS: 'maybe',
      },
      /SMTP_STARTTLS is invalid: expected true or false/,
    ],
    [
      'vcs',
      { TEMPORAL_ADDRESS: '127.0.0.1:7233', SLIPWAY_HOME: '/tmp', HEALTH_PORT: 'eighty' },
      /HEALTH_PORT is invalid/,
    ],
  ];

  it.each(cases)(
    '%s stops at once with exit code 78 and a message naming the variable',
    async (name, env, message) => {
      const service = spawnService(name, { ...env, SLIPWAY_TEST_HOME: scratchDir('config') });
      const { code } = await service.exited;
      expect(code).toBe(78);
      expect(service.output()).toMatch(message);
      expect(service.output()).toMatch(new RegExp(`^${name}: Invalid configuration:`));
    },
  );
});
