import { formatDuration } from './formatDuration';

/** How long something took, or has taken so far when it has not finished by `now`. */
export function elapsed(startedAt: string | null, finishedAt: string | null, now: number): string | null {
  if (!startedAt) return null;
  const end = finishedAt ? Date.parse(finishedAt) : now;
  return formatDuration(end - Date.parse(startedAt));
}
