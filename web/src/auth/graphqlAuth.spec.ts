import { describe, expect, it } from '@jest/globals';
import { authHeaders, connectionParams } from './graphqlAuth';

describe('authenticating to the gateway', () => {
  it('sends an API token as a Bearer header, over HTTP and when graphql-ws connects', () => {
    const auth = { kind: 'token', token: 'slw_abc' } as const;
    expect(authHeaders(auth, 'slipway_csrf=ignored')).toEqual({ authorization: 'Bearer slw_abc' });
    expect(connectionParams(auth)).toEqual({ authorization: 'Bearer slw_abc' });
  });

  it("echoes the session's CSRF cookie in the x-slipway-csrf header and sends no token", () => {
    const headers = authHeaders({ kind: 'session' }, 'theme=dark; slipway_csrf=Zq9-x_1');
    expect(headers).toEqual({ 'x-slipway-csrf': 'Zq9-x_1' });
    expect(connectionParams({ kind: 'session' })).toBeUndefined();
  });

  it('sends no CSRF header when the browser holds no CSRF cookie', () => {
    expect(authHeaders({ kind: 'session' }, 'theme=dark')).toEqual({});
  });
});
