/** The sign-in buttons to show: the path that starts each configured provider's sign-in, or null. */
export interface SignInProviders {
  saml: string | null;
  github: string | null;
}

/**
 * GET /auth/providers' answer, checked: each provider is null or a path under /auth/ on this site, so a
 * button can never link elsewhere. Throws, naming what is wrong, on anything else.
 */
export function parseSignInProviders(body: unknown): SignInProviders {
  if (typeof body !== 'object' || body === null) {
    throw new Error('The gateway answered /auth/providers with something other than a JSON object.');
  }
  const record = body as Record<string, unknown>;
  return { saml: providerPath(record, 'saml'), github: providerPath(record, 'github') };
}

function providerPath(body: Record<string, unknown>, name: keyof SignInProviders): string | null {
  const path = body[name];
  if (path === null || path === undefined) return null;
  if (typeof path === 'string' && /^\/auth\/[\w/-]+$/.test(path)) return path;
  throw new Error(
    `The gateway's /auth/providers gave ${name} as ${JSON.stringify(path)}, not a path under /auth/.`,
  );
}
