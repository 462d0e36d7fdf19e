import { scratchDir } from '@slipway/testing';
import { ApplicationFailure } from '@temporalio/activity';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HostSecretStore, maskSecrets, resolveSecrets } from './secrets';

describe('secrets', () => {
  it('reads a secret from SLIPWAY_SECRET_<NAME> first, else from its file without the final newline', async () => {
    const dir = scratchDir('secrets');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'DB_PASSWORD'), 'from-file\n', { mode: 0o600 });
    writeFileSync(join(dir, 'API_KEY'), 'file-key\n', { mode: 0o600 });
    const store = new HostSecretStore(dir, { SLIPWAY_SECRET_API_KEY: 'env-key' });
    await expect(resolveSecrets(store, { PASSWORD: 'DB_PASSWORD', KEY: 'API_KEY' })).resolves.toEqual({
      PASSWORD: 'from-file',
      KEY: 'env-key',
    });
  });

  it('fails, not retried, naming the missing secret and the variable that wanted it', async () => {
    const store = new HostSecretStore(scratchDir('no-secrets'), {});
    const failure = await resolveSecrets(store, { TOKEN: 'DEPLOY_TOKEN' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      message: "secret DEPLOY_TOKEN (for TOKEN) is not in the runner's secret store",
      nonRetryable: true,
    });
  });

  it('masks every secret value in output, a longer secret containing a shorter one whole', () => {
    expect(maskSecrets('login hunter2 then hunter2-admin; ok', ['hunter2', 'hunter2-admin'])).toBe(
      'login *** then ***; ok',
    );
    // Values too short to be secrets would mask ordinary text.
    expect(maskSecrets('a b c', ['b'])).toBe('a b c');
  });
});
