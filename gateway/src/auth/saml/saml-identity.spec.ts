import type { Profile } from '@node-saml/passport-saml';
import { assertionValidity, samlIdentity } from './saml-identity';

const profile = (fields: Record<string, unknown>): Profile => ({
  issuer: 'https://idp.example/metadata',
  nameID: 'ada@example.com',
  nameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  ...fields,
});

describe('samlIdentity', () => {
  it('takes the subject from the NameID and the rest from attributes', () => {
    expect(
      samlIdentity(
        profile({ displayName: 'Ada Lovelace', email: 'ada@example.com', memberOf: ['ops', 'devs'] }),
        'memberOf',
      ),
    ).toEqual({
      provider: 'saml',
      subject: 'ada@example.com',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      groups: ['ops', 'devs'],
    });
  });

  it('reads a single group, falls back to the name attribute, then to the NameID', () => {
    expect(samlIdentity(profile({ name: 'Ada', groups: 'ops' }), 'groups')).toMatchObject({
      name: 'Ada',
      email: null,
      groups: ['ops'],
    });
    expect(samlIdentity(profile({}), 'groups')).toMatchObject({ name: 'ada@example.com', groups: [] });
  });

  it('skips group values that are not text', () => {
    expect(samlIdentity(profile({ groups: ['ops', { _: 'x', $: {} }, ''] }), 'groups').groups).toEqual([
      'ops',
    ]);
  });

  it('refuses an assertion without a NameID', () => {
    expect(() => samlIdentity(profile({ nameID: '' }), 'groups')).toThrow(
      'the assertion names no one (it has no NameID)',
    );
  });
});

describe('assertionValidity', () => {
  it('finds the assertion ID and its latest NotOnOrAfter', () => {
    const assertion = {
      Assertion: {
        $: { ID: '_a1' },
        Conditions: [{ $: { NotOnOrAfter: '2030-01-01T00:05:00Z' } }],
        Subject: [
          {
            SubjectConfirmation: [
              { SubjectConfirmationData: [{ $: { NotOnOrAfter: '2030-01-01T00:10:00Z' } }] },
            ],
          },
        ],
      },
    };
    expect(assertionValidity(profile({ getAssertion: () => assertion }))).toEqual({
      id: '_a1',
      notOnOrAfter: new Date('2030-01-01T00:10:00Z'),
    });
  });

  it('says when there is no ID or time to read', () => {
    expect(assertionValidity(profile({ getAssertion: () => ({ Assertion: {} }) }))).toEqual({
      id: null,
      notOnOrAfter: null,
    });
  });
});
