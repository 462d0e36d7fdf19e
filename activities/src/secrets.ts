import { ApplicationFailure } from '@temporalio/activity';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where secret values come from; the spec only ever names them. */
export interface SecretStore {
  /** The value, or null when the store has no such secret. */
  read(name: string): Promise<string | null>;
}

/**
 * The runner host's secrets: the variable SLIPWAY_SECRET_<NAME> in the runner's own environment, else
 * the file <dir>/<NAME> (for example $SLIPWAY_HOME/secrets, readable by the runner only).
 */
export class HostSecretStore implements SecretStore {
  constructor(
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  async read(name: string): Promise<string | null> {
    const fromEnv = this.env[`SLIPWAY_SECRET_${name}`];
    if (fromEnv !== undefined) return fromEnv;
    try {
      return (await readFile(join(this.dir, name), 'utf8')).replace(/\r?\n$/, '');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}

/** Variable name → secret value; a missing secret fails the step, naming the secret and not much else. */
export async function resolveSecrets(
  store: SecretStore,
  references: Record<string, string>,
): Promise<Record<string, string>> {
  const resolved: Record<string, string> = {};
  for (const [variable, name] of Object.entries(references)) {
    const value = await store.read(name);
    if (value === null) {
      throw ApplicationFailure.nonRetryable(
        `secret ${name} (for ${variable}) is not in the runner's secret store`,
        'SecretMissing',
      );
    }
    resolved[variable] = value;
  }
  return resolved;
}

/** Replaces every secret value in a text, so step output shown to people never carries one. */
export function maskSecrets(text: string, values: readonly string[]): string {
  let masked = text;
  // Longest first, so a secret that contains another is masked whole.
  for (const value of [...values].sort((a, b) => b.length - a.length)) {
    if (value.length >= 3) masked = masked.split(value).join('***');
  }
  return masked;
}
