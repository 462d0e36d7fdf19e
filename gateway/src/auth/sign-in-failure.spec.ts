import { accessDeniedLocation, isBrowserNavigation, signInFailureReason } from './sign-in-failure';

describe('a failed sign-in, answered to a browser', () => {
  it.each([
    [403, 'denied'],
    [401, 'failed'],
    [400, 'failed'],
    [500, 'error'],
    [503, 'error'],
  ] as const)('tells status %i as the reason %s', (status, reason) => {
    expect(signInFailureReason(status)).toBe(reason);
  });

  it("sends the browser to the console's access-denied page with the reason's code alone", () => {
    expect(accessDeniedLocation(403)).toBe('/access-denied?reason=denied');
    expect(accessDeniedLocation(401)).toBe('/access-denied?reason=failed');
    expect(accessDeniedLocation(500)).toBe('/access-denied?reason=error');
  });

  it.each([
    ['a browser opening a page', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
    ['an upper-case media type with spaces', 'application/json, TEXT/HTML ; q=0.5'],
  ])('takes %s for a browser navigation', (_who, accept) => {
    expect(isBrowserNavigation(accept)).toBe(true);
  });

  it.each([
    ['fetch and curl (*/*)', '*/*'],
    ['no Accept header', undefined],
    ['an empty Accept header', ''],
    ['a client asking for JSON', 'application/json'],
    ['a client that refuses HTML', 'text/plain, text/html;q=0'],
    ['a media type that only starts like HTML', 'text/html-fragment'],
  ])('keeps the plain answer for %s', (_who, accept) => {
    expect(isBrowserNavigation(accept)).toBe(false);
  });
});
