const pad = (value: number, length = 2) => String(value).padStart(length, '0');

/** When a line was printed, in local time to the millisecond: "14:03:07.215". */
export function formatLogTime(at: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}
