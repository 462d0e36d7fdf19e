import { describe, expect, it } from '@jest/globals';
import { parseSignInProviders } from './signInProviders';

describe('the sign-in providers the gateway offers', () => {
  it('takes the path of each configured provider, and null for the others', () => {
    expect(parseSignInProviders({ saml: '/auth/saml/login', github: null })).toEqual({
      saml: '/auth/saml/login',
      github: null,
    });
    expect(parseSignInProviders({ saml: null, github: '/auth/github/login' })).toEqual({
      saml: null,
      github: '/auth/github/login',
    });
    expect(parseSignInProviders({})).toEqual({ saml: null, github: null });
  });

  it('refuses a provider that would link anywhere but a path under /auth/', () => {
    expect(() => parseSignInProviders({ saml: 'https://evil.example/login', github: null })).toThrow(
      'The gateway\'s /auth/providers gave saml as "https://evil.example/login", not a path under /auth/.',
    );
    expect(() => parseSignInProviders({ github: '//evil.example/auth/x' })).toThrow('github');
    expect(() => parseSignInProviders({ github: 42 })).toThrow('github as 42');
  });

  it('refuses an answer that is not an object', () => {
    expect(() => parseSignInProviders('<html>')).toThrow('other than a JSON object');
    expect(() => parseSignInProviders(null)).toThrow('other than a JSON object');
  });
});
