import type { CacheItem, CacheProvider } from '@node-saml/passport-saml';
import type { LoginRequestsService } from '../login-requests.service';

/** How long a sign-in may take at the IdP, from the AuthnRequest to the response. */
export const SAML_REQUEST_TTL_MS = 10 * 60_000;
const KIND = 'saml-request';

/** The store failed (a fault of ours, not of the response): the sign-in must not end as a refusal. */
export class LoginStoreError extends Error {}

/**
 * node-saml's record of the AuthnRequest ids it sent, kept in PostgreSQL rather than in this process, so
 * that any gateway instance can finish a sign-in another one started. An id answered once is gone.
 */
export class SamlRequestCache implements CacheProvider {
  constructor(private readonly loginRequests: LoginRequestsService) {}

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    const saved = await stored(this.loginRequests.remember(KIND, key, SAML_REQUEST_TTL_MS, value));
    return saved ? { value, createdAt: Date.now() } : null;
  }

  getAsync(key: string): Promise<string | null> {
    return stored(this.loginRequests.peek(KIND, key));
  }

  async removeAsync(key: string | null): Promise<string | null> {
    if (key === null) return null;
    return (await stored(this.loginRequests.take(KIND, key))) === null ? null : key;
  }
}

/** Marks the store's failures, which node-saml would otherwise pass on like any invalid response. */
export function stored<T>(operation: Promise<T>): Promise<T> {
  return operation.catch((error: unknown) => {
    throw new LoginStoreError('the sign-in store failed', { cause: error });
  });
}
