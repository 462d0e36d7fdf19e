/** A problem of a pipeline spec, as the API points at it (lines and columns count from 1). */
export interface SpecProblemAt {
  line: number;
  column: number;
  path: string;
  message: string;
}

export interface SpecLine {
  number: number;
  text: string;
  /** The problems found on this line, leftmost first. */
  problems: SpecProblemAt[];
}

/**
 * The spec's lines, numbered, each with the problems found on it. The empty line after the final
 * newline is kept only when a problem points there (YAML reports an unclosed bracket at the very end);
 * a problem past the end goes on the last line.
 */
export function annotatedLines(text: string, problems: readonly SpecProblemAt[]): SpecLine[] {
  const texts = text.split('\n');
  const pointsPastText = problems.some((problem) => problem.line >= texts.length);
  if (texts.length > 1 && texts.at(-1) === '' && !pointsPastText) texts.pop();
  const lines = texts.map((line, index): SpecLine => ({ number: index + 1, text: line, problems: [] }));
  for (const problem of problems) {
    const line = lines[Math.min(Math.max(problem.line, 1), lines.length) - 1];
    line?.problems.push(problem);
  }
  for (const line of lines) line.problems.sort((a, b) => a.column - b.column);
  return lines;
}

/** The id of a line's element, so a summary can link to it. */
export function specLineId(prefix: string, line: number): string {
  return `${prefix}-line-${line}`;
}
