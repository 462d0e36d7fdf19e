import { auditArguments } from './audit-arguments';

describe('auditArguments', () => {
  it('keeps what was asked and replaces every secret-looking value, however deep', () => {
    expect(
      auditArguments({
        input: { project: 'shop', environment: 'production', ref: 'main', clientSecret: 's3cr3t' },
        settings: [{ slackToken: 'xoxb-1', channel: '#deploys' }],
        password: 'hunter2',
      }),
    ).toEqual({
      input: { project: 'shop', environment: 'production', ref: 'main', clientSecret: '[redacted]' },
      settings: [{ slackToken: '[redacted]', channel: '#deploys' }],
      password: '[redacted]',
    });
  });

  it('cuts very long text so one request cannot bloat the log', () => {
    const { reason } = auditArguments({ reason: 'x'.repeat(5000) }) as { reason: string };
    expect(reason).toHaveLength(1001);
    expect(reason.endsWith('…')).toBe(true);
  });
});
