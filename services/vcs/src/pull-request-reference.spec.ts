import { pullRequestReference } from './pull-request-reference';

describe('pullRequestReference', () => {
  it.each([
    ['a GitHub merge commit', 'Merge pull request #12 from ada/login\n\nLog in', 12],
    ['a GitHub squash commit', 'Add the login form (#34)', 34],
    ['a squash commit with a body', 'Add the login form (#34)\n\n* Validate the login', 34],
    [
      'a GitLab merge commit',
      "Merge branch 'login' into 'main'\n\nAdd the login form\n\nSee merge request shop/web!7",
      7,
    ],
  ])('reads the request number from %s', (_, message, number) => {
    expect(pullRequestReference(message)).toBe(number);
  });

  it.each([
    ['a plain commit', 'Add the login form'],
    ['an issue mentioned in the middle of a subject', 'Fix #12 for real'],
    ['a reference in a body only', 'Add the login form\n\nSee (#12)'],
    ['a merge of a branch', "Merge branch 'login'"],
  ])('finds none in %s', (_, message) => {
    expect(pullRequestReference(message)).toBeNull();
  });
});
