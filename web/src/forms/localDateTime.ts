/**
 * An `<input type="datetime-local">` shows and takes local wall-clock time without a zone, while the API
 * and the address speak ISO 8601 instants: these convert between the two in the browser's time zone.
 */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** "" for an empty or unreadable input. */
export function fromLocalInput(local: string): string {
  const date = new Date(local);
  return local && !Number.isNaN(date.getTime()) ? date.toISOString() : '';
}
