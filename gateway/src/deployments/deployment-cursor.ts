import type { DeploymentCursor } from '@slipway/history';
import { isUuid } from '../common/validation';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Opaque to clients: they pass back what they were given. */
export function encodeCursor(cursor: DeploymentCursor): string {
  return Buffer.from(`${cursor.queuedAt}|${cursor.id}`, 'utf8').toString('base64url');
}

/** The cursor, or null when the text is not one this API gave out. */
export function decodeCursor(text: string): DeploymentCursor | null {
  if (text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const [queuedAt, id, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !queuedAt || !id || !TIMESTAMP.test(queuedAt) || !isUuid(id)) return null;
  if (Number.isNaN(Date.parse(queuedAt))) return null;
  return { queuedAt, id };
}
