import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const SECRET_KEY_PATTERN = /^[A-Za-z0-9+/]{43}=$/;

/**
 * Seals secrets kept in the database (webhook secrets) with AES-256-GCM under the installation's key
 * (`SLIPWAY_SECRET_KEY`, 32 random bytes in base64): a copy of the database alone reveals none of them,
 * and a changed byte is detected, not decrypted into garbage.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(base64Key: string) {
    const key = Buffer.from(base64Key, 'base64');
    if (!SECRET_KEY_PATTERN.test(base64Key) || key.length !== 32) {
      throw new Error('the secret key must be 32 random bytes in base64 (openssl rand -base64 32)');
    }
    this.key = key;
  }

  static generateKey(): string {
    return randomBytes(32).toString('base64');
  }

  seal(plaintext: string): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([nonce, cipher.getAuthTag(), sealed]);
  }

  /** Throws when the box was sealed under another key or altered. */
  open(box: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, box.subarray(0, NONCE_BYTES));
    decipher.setAuthTag(box.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(box.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  }
}
