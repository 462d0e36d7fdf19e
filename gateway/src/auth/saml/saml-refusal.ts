/** A SAML response this gateway will not sign anyone in with; the message says why, in a few words. */
export class SamlSignInRefused extends Error {}

/** Why @node-saml refused a response, told for a person reading a browser tab or a log. */
export function refusalReason(error: Error): string {
  const { message } = error;
  if (error instanceof SamlSignInRefused) return message;
  if (/^InResponseTo is missing/.test(message)) {
    return 'the response answers no sign-in started here (it has no InResponseTo)';
  }
  if (/InResponseTo (is not valid|does not match)|^SubjectInResponseTo/.test(message)) {
    return 'the response answers no sign-in started here, or one that already finished (unknown InResponseTo)';
  }
  if (/^Invalid (document )?signature/.test(message)) {
    return 'the assertion is not signed by the identity provider, or was changed after it was signed';
  }
  if (/expired|not yet valid|No valid subject confirmation/.test(message)) {
    return 'the assertion has expired or is not valid yet (check the clocks of both servers)';
  }
  if (/audience mismatch|no AudienceRestriction|has no Audience/.test(message)) {
    return `the assertion is meant for another service (${message})`;
  }
  if (/^SAML provider returned/.test(message))
    return `the identity provider answered with an error (${message})`;
  return message.length > 200 ? `${message.slice(0, 200)}…` : message || 'the response is not valid';
}
