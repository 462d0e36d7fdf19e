const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "86 %": a rate between 0 and 1, to the whole percent. */
export function formatRate(rate: number): string {
  return `${Math.round(rate * 100)} %`;
}

/** "0.29 a day", "3.5 a day", "12 a day": enough digits to tell a slow team from an idle one. */
export function formatPerDay(perDay: number): string {
  const digits = perDay >= 10 || perDay === 0 ? 0 : perDay < 1 ? 2 : 1;
  return `${perDay.toFixed(digits)} a day`;
}

/**
 * "850 ms", "4.5 s", "42 s", "3 min 05 s", "2 h 14 min", "3 d 4 h": the two largest units only. Unlike a step's
 * duration, a lead time or time to restore may run to days, and a glance needs no more precision.
 */
export function formatSpan(milliseconds: number): string {
  const ms = Math.max(0, Math.round(milliseconds));
  if (ms < SECOND) return `${ms} ms`;
  // Tenths under ten seconds, so a chart's axis ticks (1.5 s, 3 s, 4.5 s) stay apart.
  if (ms < 10 * SECOND) return `${Number((ms / SECOND).toFixed(1))} s`;
  if (ms < MINUTE) return `${Math.round(ms / SECOND)} s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min ${twoDigits(Math.floor(ms / SECOND) % 60)} s`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h ${Math.floor(ms / MINUTE) % 60} min`;
  return `${Math.floor(ms / DAY)} d ${Math.floor(ms / HOUR) % 24} h`;
}

/** "Nov 27": where a bucket of the charts starts, in UTC as the gateway cuts them. */
export function formatBucketStart(iso: string): string {
  return BUCKET_FORMAT.format(new Date(iso));
}

const BUCKET_FORMAT = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}
