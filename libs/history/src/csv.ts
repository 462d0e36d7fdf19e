/** What a CSV cell may hold: text, a number, a moment (written as ISO 8601 UTC) or nothing (empty). */
export type CsvValue = string | number | Date | null;

/** One column of an export: its header and how a row fills it. */
export interface CsvColumn<Row> {
  name: string;
  value: (row: Row) => CsvValue;
}

/**
 * Text a spreadsheet would run as a formula (OWASP's list: = + - @, and tab or carriage return, which
 * some spreadsheets skip before looking for one). Exported text comes from users (commit messages,
 * failure reasons, audit arguments), so it is never left to start like one.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text that must be quoted per RFC 4180: it holds a separator, a quote or a line break. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One cell, as RFC 4180 writes it. Text that could start a formula gets a leading `'`, which
 * spreadsheets show as text; numbers and dates are ours, never a formula, and are left as they are.
 */
export function csvField(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString();
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 asks. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** The header record of these columns. */
export function csvHeader<Row>(columns: readonly CsvColumn<Row>[]): string {
  return csvRecord(columns.map((column) => column.name));
}

/** The records of these rows, in order, as one piece of text ready to write. */
export function csvRecords<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  return rows.map((row) => csvRecord(columns.map((column) => column.value(row)))).join('');
}

/**
 * A whole CSV document as it is produced: the header, then one piece of text per batch of rows, each
 * made only when the reader asks for it. Returning early (a client that went away) stops the batches.
 */
export async function* csvDocument<Row>(
  columns: readonly CsvColumn<Row>[],
  batches: AsyncIterable<readonly Row[]>,
): AsyncGenerator<string> {
  yield csvHeader(columns);
  for await (const batch of batches) yield csvRecords(columns, batch);
}
