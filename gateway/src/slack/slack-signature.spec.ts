import { verifySlackRequest } from './slack-signature';

/** Slack's own worked example of a signed request (api.slack.com/authentication/verifying-requests-from-slack). */
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = 1531420618;
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&' +
  'channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&' +
  'response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&' +
  'trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

const request = (changes: { timestamp?: string; signature?: string | undefined; body?: string } = {}) => ({
  timestamp: changes.timestamp ?? String(TIMESTAMP),
  signature: 'signature' in changes ? changes.signature : SIGNATURE,
  rawBody: Buffer.from(changes.body ?? BODY),
});

describe('verifying a request from Slack', () => {
  it("accepts Slack's example, signed with the secret over its timestamp and exact body", () => {
    expect(verifySlackRequest(request(), SECRET, TIMESTAMP + 10)).toEqual({
      verified: true,
      signature: SIGNATURE,
      requestedAt: new Date(TIMESTAMP * 1000),
    });
  });

  it('accepts a timestamp up to five minutes from now, either way, and refuses one further', () => {
    expect(verifySlackRequest(request(), SECRET, TIMESTAMP + 300).verified).toBe(true);
    expect(verifySlackRequest(request(), SECRET, TIMESTAMP - 300).verified).toBe(true);
    expect(verifySlackRequest(request(), SECRET, TIMESTAMP + 301)).toEqual({
      verified: false,
      refusal: 'stale timestamp',
    });
    expect(verifySlackRequest(request(), SECRET, TIMESTAMP - 301)).toEqual({
      verified: false,
      refusal: 'stale timestamp',
    });
  });

  it('refuses another secret, a changed body, a changed timestamp, or a missing or cut signature', () => {
    const refusal = { verified: false, refusal: 'bad signature' };
    const now = TIMESTAMP;
    expect(verifySlackRequest(request(), `${SECRET}x`, now)).toEqual(refusal);
    expect(verifySlackRequest(request({ body: BODY.replace('text=', 'text=deploy') }), SECRET, now)).toEqual(
      refusal,
    );
    expect(verifySlackRequest(request({ timestamp: String(TIMESTAMP + 1) }), SECRET, now)).toEqual(refusal);
    expect(verifySlackRequest(request({ signature: undefined }), SECRET, now)).toEqual(refusal);
    expect(verifySlackRequest(request({ signature: SIGNATURE.slice(0, -1) }), SECRET, now)).toEqual(refusal);
    expect(verifySlackRequest(request({ signature: SIGNATURE.replace('v0=', 'v1=') }), SECRET, now)).toEqual(
      refusal,
    );
    expect(verifySlackRequest(request({ signature: SIGNATURE.toUpperCase() }), SECRET, now)).toEqual(refusal);
  });

  it('refuses a timestamp that is not whole seconds since 1970', () => {
    for (const timestamp of ['', 'yesterday', '1531420618.5', '-1531420618', '1e9']) {
      expect(verifySlackRequest(request({ timestamp }), SECRET, TIMESTAMP)).toEqual({
        verified: false,
        refusal: 'bad timestamp',
      });
    }
  });
});
