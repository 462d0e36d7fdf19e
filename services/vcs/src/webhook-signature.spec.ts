import { gitHubSignature } from '@slipway/testing';
import { isGitHubSignatureValid, isGitLabTokenValid } from './webhook-signature';

describe('GitHub signatures', () => {
  const body = Buffer.from('{"zen":"Keep it logically awesome."}');

  it('accepts the HMAC-SHA256 of the raw body under the secret', () => {
    expect(isGitHubSignatureValid(body, gitHubSignature(body, 'whsec_new'), ['whsec_new'])).toBe(true);
  });

  it('accepts a body signed with a rotated-out secret that is still valid', () => {
    expect(isGitHubSignatureValid(body, gitHubSignature(body, 'whsec_old'), ['whsec_new', 'whsec_old'])).toBe(
      true,
    );
  });

  it('refuses another secret, a changed body, a missing or malformed header, or no secret at all', () => {
    const signature = gitHubSignature(body, 'whsec_new');
    expect(isGitHubSignatureValid(body, gitHubSignature(body, 'guess'), ['whsec_new'])).toBe(false);
    expect(isGitHubSignatureValid(Buffer.from(`${body.toString()} `), signature, ['whsec_new'])).toBe(false);
    expect(isGitHubSignatureValid(body, undefined, ['whsec_new'])).toBe(false);
    expect(isGitHubSignatureValid(body, signature.replace('sha256=', 'sha1='), ['whsec_new'])).toBe(false);
    expect(isGitHubSignatureValid(body, signature.slice(0, -2), ['whsec_new'])).toBe(false);
    expect(isGitHubSignatureValid(body, signature, [])).toBe(false);
  });

  it('reads the hex digest in either case, as HMAC hex is case-insensitive', () => {
    const signature = gitHubSignature(body, 'whsec_new');
    expect(isGitHubSignatureValid(body, `sha256=${signature.slice(7).toUpperCase()}`, ['whsec_new'])).toBe(
      true,
    );
  });
});

describe('GitLab tokens', () => {
  it('accepts any valid secret and nothing else', () => {
    expect(isGitLabTokenValid('whsec_new', ['whsec_new', 'whsec_old'])).toBe(true);
    expect(isGitLabTokenValid('whsec_old', ['whsec_new', 'whsec_old'])).toBe(true);
    expect(isGitLabTokenValid('whsec_ne', ['whsec_new'])).toBe(false);
    expect(isGitLabTokenValid('whsec_new ', ['whsec_new'])).toBe(false);
    expect(isGitLabTokenValid(undefined, ['whsec_new'])).toBe(false);
    expect(isGitLabTokenValid('', ['whsec_new'])).toBe(false);
    expect(isGitLabTokenValid('whsec_new', [])).toBe(false);
  });
});
