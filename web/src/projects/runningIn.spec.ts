import { describe, expect, it } from '@jest/globals';
import { runningIn } from './runningIn';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('runningIn', () => {
  const environments = [
    { name: 'production', current: { commitSha: A } },
    { name: 'development', current: { commitSha: B } },
    { name: 'staging', current: { commitSha: A } },
    { name: 'preview', current: null },
  ];
  const order = ['development', 'staging', 'production', 'preview'];

  it('names the environments that run the commit now, in the order given', () => {
    expect(runningIn(A, environments, order)).toEqual(['staging', 'production']);
    expect(runningIn(B, environments, order)).toEqual(['development']);
  });

  it('names none for a commit nothing runs', () => {
    expect(runningIn('c'.repeat(40), environments, order)).toEqual([]);
  });
});
