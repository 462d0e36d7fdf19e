import { describe, expect, it } from '@jest/globals';
import { parseRoute, projectPath } from '../routing/route';

describe("a project's address", () => {
  it('is /projects/<name>, read back as the project page', () => {
    expect(projectPath('hello')).toBe('/projects/hello');
    expect(parseRoute(projectPath('hello'))).toEqual({ name: 'project', project: 'hello' });
    expect(parseRoute('/projects/hello/')).toEqual({ name: 'project', project: 'hello' });
  });

  it('escapes what a name may not carry in a path, and reads it back whole', () => {
    expect(parseRoute(projectPath('a/b c'))).toEqual({ name: 'project', project: 'a/b c' });
  });

  it('is no page for a malformed escape or a deeper path', () => {
    expect(parseRoute('/projects/%E0%A4%A')).toEqual({ name: 'notFound' });
    expect(parseRoute('/projects/hello/extra')).toEqual({ name: 'notFound' });
  });
});
