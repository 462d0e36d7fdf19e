import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(SecretBox.generateKey());

  it('opens what it sealed, and seals the same text differently each time', () => {
    const first = box.seal('whsec_abc');
    expect(box.open(first)).toBe('whsec_abc');
    expect(first.equals(box.seal('whsec_abc'))).toBe(false);
    expect(first.toString('utf8')).not.toContain('whsec_abc');
  });

  it('refuses a box altered by one bit, or sealed under another key', () => {
    const sealed = box.seal('whsec_abc');
    sealed[sealed.length - 1]! ^= 1;
    expect(() => box.open(sealed)).toThrow();
    expect(() => new SecretBox(SecretBox.generateKey()).open(box.seal('x'))).toThrow();
  });

  it('says what a key must be', () => {
    expect(() => new SecretBox('short')).toThrow('the secret key must be 32 random bytes in base64');
  });
});
