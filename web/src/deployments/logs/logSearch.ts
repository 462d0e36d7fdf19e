/** Where a search found its text: the line's index in the view, and the span of its visible text. */
export interface LogMatch {
  line: number;
  start: number;
  end: number;
}

export interface LogSearchResult {
  matches: readonly LogMatch[];
  /** More matched than `limit`: only the first are listed. */
  capped: boolean;
}

const NOTHING: LogSearchResult = { matches: [], capped: false };

/** Every occurrence of `query` (ignoring case) in the lines' texts, in order, up to `limit`. */
export function searchLog(
  lines: readonly { text: string }[],
  query: string,
  limit = 10_000,
): LogSearchResult {
  if (query === '') return NOTHING;
  const pattern = new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
  const matches: LogMatch[] = [];
  for (const [index, { text }] of lines.entries()) {
    pattern.lastIndex = 0;
    for (let found = pattern.exec(text); found !== null; found = pattern.exec(text)) {
      if (matches.length === limit) return { matches, capped: true };
      matches.push({ line: index, start: found.index, end: found.index + found[0].length });
    }
  }
  return { matches, capped: false };
}
