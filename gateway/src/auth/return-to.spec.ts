import { returnToPath } from './return-to';

describe('returnToPath', () => {
  it('sends the browser home when no returnTo was given', () => {
    expect(returnToPath(undefined)).toBe('/');
  });

  it.each(['/', '/projects', '/projects/shop/environments?tab=queue#top', '/a/b%20c'])(
    'keeps the path %s on this site',
    (path) => {
      expect(returnToPath(path)).toBe(path);
    },
  );

  it.each([
    ['another site by scheme', 'https://evil.example/'],
    ['a protocol-relative URL', '//evil.example/'],
    ['a backslash browsers read as a slash', '/\\evil.example/'],
    ['a backslash later in the path', '/projects\\..\\x'],
    ['a relative path', 'projects'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['an empty value', ''],
    ['a tab, which browsers strip', '/\t/evil.example'],
    ['a line break', '/projects\r\nSet-Cookie: x=1'],
    ['a repeated parameter', ['/a', '/b']],
    ['an over-long value', `/${'a'.repeat(2000)}`],
  ])('refuses %s', (_what, value) => {
    expect(returnToPath(value)).toBeNull();
  });
});
