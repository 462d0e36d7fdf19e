import type { Profile } from '@node-saml/passport-saml';
import type { ExternalIdentity } from '../users.service';
import { SamlSignInRefused } from './saml-refusal';

const NAME_ATTRIBUTES = ['displayName', 'name'];

/** Who the assertion says signed in, in the words UsersService.signIn understands. */
export function samlIdentity(profile: Profile, groupsAttribute: string): ExternalIdentity {
  const subject = typeof profile.nameID === 'string' ? profile.nameID.trim() : '';
  if (!subject) throw new SamlSignInRefused('the assertion names no one (it has no NameID)');
  return {
    provider: 'saml',
    subject,
    name: NAME_ATTRIBUTES.map((name) => firstString(profile[name])).find(Boolean) ?? subject,
    // node-saml already copies `mail` and its OID into `email`.
    email: firstString(profile.email) ?? null,
    groups: strings(profile[groupsAttribute]),
  };
}

/** The assertion's ID, and the last moment it could still be accepted, for refusing its replay. */
export function assertionValidity(profile: Profile): { id: string | null; notOnOrAfter: Date | null } {
  const root = objectAt(profile.getAssertion?.(), 'Assertion');
  const id = firstString(objectAt(root, '$')?.ID) ?? null;
  const conditions = listAt(root, 'Conditions');
  const confirmations = listAt(root, 'Subject')
    .flatMap((subject) => listAt(subject, 'SubjectConfirmation'))
    .flatMap((confirmation) => listAt(confirmation, 'SubjectConfirmationData'));
  const times = [...conditions, ...confirmations]
    .map((element) => Date.parse(firstString(objectAt(element, '$')?.NotOnOrAfter) ?? ''))
    .filter((time) => !Number.isNaN(time));
  return { id, notOnOrAfter: times.length > 0 ? new Date(Math.max(...times)) : null };
}

function firstString(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.trim() !== '' ? first.trim() : undefined;
}

/** An attribute with one value is a string, with several a list; values with child elements are skipped. */
function strings(value: unknown): string[] {
  const values: unknown[] = Array.isArray(value) ? value : [value];
  return values.flatMap((item) => (typeof item === 'string' && item.trim() !== '' ? [item.trim()] : []));
}

function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const found = (value as Record<string, unknown>)[key];
  return typeof found === 'object' && found !== null && !Array.isArray(found)
    ? (found as Record<string, unknown>)
    : undefined;
}

/** xml2js puts child elements in lists. */
function listAt(value: unknown, key: string): unknown[] {
  if (typeof value !== 'object' || value === null) return [];
  const found = (value as Record<string, unknown>)[key];
  return Array.isArray(found) ? (found as unknown[]) : [];
}
