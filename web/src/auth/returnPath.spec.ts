import { describe, expect, it } from '@jest/globals';
import { providerSignInHref, returnPathFromSearch, safeReturnPath, signInPath } from './returnPath';

describe('the return path of a sign-in', () => {
  it.each(['/', '/deployments', '/deployments/d-1?tab=log', '/insights?project=shop&since=7d'])(
    'keeps the page %s',
    (path) => {
      expect(safeReturnPath(path)).toBe(path);
    },
  );

  it.each([
    ['nothing', null],
    ['another site', 'https://evil.example/'],
    ['a protocol-relative URL', '//evil.example/'],
    ['a backslash browsers read as a slash', '/\\evil.example'],
    ['a relative path', 'deployments'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a line break', '/deployments\r\nx'],
    ['a space', '/a b'],
    ['an over-long path', `/${'a'.repeat(2000)}`],
    ['the sign-in page itself', '/signin?returnTo=%2Fsettings'],
    ['the access-denied page', '/access-denied/?reason=denied'],
  ])('goes home instead of %s', (_what, value) => {
    expect(safeReturnPath(value)).toBe('/');
  });

  it('sends a signed-out visitor to the sign-in page with the page they asked for', () => {
    expect(signInPath('/deployments?environment=staging')).toBe(
      '/signin?returnTo=%2Fdeployments%3Fenvironment%3Dstaging',
    );
    expect(signInPath('/')).toBe('/signin');
    expect(signInPath('/signin?returnTo=%2Fsettings')).toBe('/signin');
  });

  it("reads the page back from the sign-in page's query, refusing another site", () => {
    expect(returnPathFromSearch('?returnTo=%2Fdeployments%3Fenvironment%3Dstaging')).toBe(
      '/deployments?environment=staging',
    );
    expect(returnPathFromSearch('')).toBe('/');
    expect(returnPathFromSearch('?returnTo=https%3A%2F%2Fevil.example')).toBe('/');
  });

  it("links each provider's sign-in with the page to come back to", () => {
    expect(providerSignInHref('/auth/github/login', '/deployments?environment=staging')).toBe(
      '/auth/github/login?returnTo=%2Fdeployments%3Fenvironment%3Dstaging',
    );
    expect(providerSignInHref('/auth/saml/login', '/')).toBe('/auth/saml/login');
  });
});
