import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const GITHUB_SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/**
 * Whether `X-Hub-Signature-256` is the HMAC-SHA256 of the raw body under one of the project's valid
 * secrets (during a rotation, the new and the old one). Compared in constant time.
 */
export function isGitHubSignatureValid(
  rawBody: Buffer,
  header: string | undefined,
  secrets: readonly string[],
): boolean {
  const hex = header ? GITHUB_SIGNATURE.exec(header)?.[1] : undefined;
  if (!hex) return false;
  const given = Buffer.from(hex, 'hex');
  let valid = false;
  // Every secret is tried, so the time taken does not tell which one matched.
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    if (timingSafeEqual(given, expected)) valid = true;
  }
  return valid;
}

/**
 * Whether `X-Gitlab-Token` is one of the project's valid secrets. Both sides are hashed first so that
 * the comparison is of equal lengths and takes the same time whatever the token's length.
 */
export function isGitLabTokenValid(header: string | undefined, secrets: readonly string[]): boolean {
  if (!header) return false;
  const given = sha256(header);
  let valid = false;
  for (const secret of secrets) {
    if (timingSafeEqual(given, sha256(secret))) valid = true;
  }
  return valid;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
