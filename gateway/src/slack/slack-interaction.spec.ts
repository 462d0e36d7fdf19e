import { APPROVE_ACTION, REJECT_ACTION } from '@slipway/domain';
import { readSlackInteraction } from './slack-interaction';

const DEPLOYMENT = '7c1b1f1e-3a55-4c55-9a8e-2f7f0f0d5b11';
const RESPONSE_URL = 'https://hooks.slack.com/actions/T024BE7LD/1234/abcd';

/** A form body as Slack posts it, with the payload as JSON. */
const form = (payload: unknown): Buffer =>
  Buffer.from(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());

const click = (actionId: string, changes: Record<string, unknown> = {}) => ({
  type: 'block_actions',
  user: { id: 'U024BE7LH', username: 'dana', team_id: 'T024BE7LD' },
  response_url: RESPONSE_URL,
  message: { ts: '1548261231.000200', blocks: [] },
  actions: [{ action_id: actionId, block_id: 'decide', value: DEPLOYMENT, type: 'button' }],
  ...changes,
});

describe('reading what Slack posts', () => {
  it('reads a click on Approve or Reject: which deployment, who clicked, where to answer', () => {
    expect(readSlackInteraction(form(click(APPROVE_ACTION)))).toEqual({
      kind: 'decision',
      decision: {
        decision: 'approve',
        deploymentId: DEPLOYMENT,
        slackUserId: 'U024BE7LH',
        responseUrl: RESPONSE_URL,
      },
    });
    expect(readSlackInteraction(form(click(REJECT_ACTION)))).toMatchObject({
      kind: 'decision',
      decision: { decision: 'reject', deploymentId: DEPLOYMENT },
    });
  });

  it("ignores other payload types, other apps' actions, and actions outside a message", () => {
    expect(readSlackInteraction(form({ ...click(APPROVE_ACTION), type: 'view_submission' }))).toEqual({
      kind: 'ignored',
    });
    expect(readSlackInteraction(form(click('toString')))).toEqual({ kind: 'ignored' });
    expect(readSlackInteraction(form(click('open_dashboard')))).toEqual({ kind: 'ignored' });
    const inModal: Record<string, unknown> = click(APPROVE_ACTION);
    delete inModal.response_url;
    expect(readSlackInteraction(form(inModal))).toEqual({ kind: 'ignored' });
    expect(
      readSlackInteraction(form(click(APPROVE_ACTION, { response_url: 'javascript:alert(1)' }))),
    ).toEqual({ kind: 'ignored' });
  });

  it('names what is wrong with a body that holds no payload to read', () => {
    expect(readSlackInteraction(Buffer.from('token=abc'))).toEqual({
      kind: 'unreadable',
      reason: 'expected a form field named payload',
    });
    expect(readSlackInteraction(Buffer.from('payload=%7Bnot-json'))).toEqual({
      kind: 'unreadable',
      reason: 'the payload field is not JSON',
    });
  });
});
