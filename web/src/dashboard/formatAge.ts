const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long ago `timestamp` (ISO 8601) was, coarsely, as a glance wants it: "just now", "5 m ago", "3 h ago", "2 d ago". */
export function formatAge(timestamp: string, now: number): string {
  const age = now - Date.parse(timestamp);
  if (Number.isNaN(age)) return timestamp;
  if (age < MINUTE) return 'just now';
  if (age < HOUR) return `${Math.floor(age / MINUTE)} m ago`;
  if (age < DAY) return `${Math.floor(age / HOUR)} h ago`;
  return `${Math.floor(age / DAY)} d ago`;
}
