import { refusalReason, SamlSignInRefused } from './saml-refusal';

describe('refusalReason', () => {
  it.each([
    ['InResponseTo is missing from response', 'it has no InResponseTo'],
    ['InResponseTo is not valid', 'unknown InResponseTo'],
    ['Invalid signature', 'not signed by the identity provider'],
    ['Invalid document signature', 'not signed by the identity provider'],
    ['No valid subject confirmation found among those available in the SAML assertion', 'has expired'],
    ['SAML assertion expired: clocks skewed too much', 'has expired'],
    ['SAML assertion audience mismatch. Expected: a Received: b', 'meant for another service'],
  ])('tells "%s" as a reason a person understands', (message, reason) => {
    expect(refusalReason(new Error(message))).toContain(reason);
  });

  it('keeps our own reasons, and shortens unknown long ones', () => {
    expect(refusalReason(new SamlSignInRefused('this assertion was already used'))).toBe(
      'this assertion was already used',
    );
    expect(refusalReason(new Error('x'.repeat(500)))).toHaveLength(201);
  });
});
