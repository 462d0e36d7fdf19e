import { readStoredToken } from '../auth/token';
import { auditCsvSearch, type AuditFilter } from './auditFilter';

const FALLBACK_FILE_NAME = 'slipway-audit.csv';
const BLOB_LIFETIME_MS = 60_000;

/**
 * Downloads /export/audit.csv for the filter. A console on an API token must send it as a header, which
 * a plain link cannot: the file is fetched (with the token, or with the session cookie, which goes along
 * by itself) and handed to the browser as a blob.
 * Rejects with the gateway's own message (e.g. since must be earlier than until).
 */
export async function downloadAuditCsv(filter: AuditFilter): Promise<void> {
  const token = readStoredToken();
  const response = await fetch(`/export/audit.csv${auditCsvSearch(filter)}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) throw new Error(await refusal(response));
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(response) ?? FALLBACK_FILE_NAME;
  link.click();
  // Some browsers read the blob after the click's task ends: free it only once that has passed.
  window.setTimeout(() => URL.revokeObjectURL(url), BLOB_LIFETIME_MS);
}

/** `attachment; filename="slipway-audit-….csv"` → the name. */
function fileNameOf(response: Response): string | null {
  const disposition = response.headers.get('content-disposition') ?? '';
  return /filename="([^"]+)"/.exec(disposition)?.[1] ?? null;
}

async function refusal(response: Response): Promise<string> {
  const body: unknown = await response.json().catch(() => undefined);
  if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') {
    return `The CSV export was refused: ${body.message}`;
  }
  return `The CSV export failed: ${response.status} ${response.statusText}`;
}
