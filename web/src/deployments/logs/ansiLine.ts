import Convert from 'ansi-to-html';

/** A span of a line's visible text, as offsets into it; `current` is the match the search is on. */
export interface MarkedRange {
  start: number;
  end: number;
  current: boolean;
}

const PALETTE_SIZE = 16;

/**
 * One converter for every line, without state between lines. Text is escaped (escapeXML), so what a
 * step prints can never become markup; the 16 basic colours are CSS variables that logView.css sets
 * per theme, so red stays readable on the dark background and yellow on the light one, and "default"
 * colours follow the theme's text and background.
 */
const converter = new Convert({
  escapeXML: true,
  fg: 'inherit',
  bg: 'transparent',
  colors: Array.from({ length: PALETTE_SIZE }, (_, index) => `var(--log-ansi-${index})`),
});

/** What a step printed, as safe HTML: its escape sequences become coloured (or bold…) spans. */
export function ansiToHtml(line: string): string {
  return converter.toHtml(line);
}

// Characters that start an escape sequence, or that the converter treats as a break.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u001b\u0008\r]/;

/** The text a reader sees of a line: without its escape sequences. */
export function visibleText(line: string): string {
  return CONTROL.test(line) ? textOfHtml(ansiToHtml(line)) : line;
}

// A tag, an entity, a run of plain text, or a lone `<` or `&` (which escaped HTML never holds).
const TOKEN = /<[^>]*>|&#?[0-9a-zA-Z]+;|[^<&]+|[<&]/g;

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&apos;': "'",
};

function decodeEntity(entity: string): string {
  const named = NAMED_ENTITIES[entity];
  if (named !== undefined) return named;
  const numeric = /^&#(x[0-9a-f]+|\d+);$/i.exec(entity)?.[1];
  if (numeric === undefined) return entity;
  const code =
    numeric.startsWith('x') || numeric.startsWith('X') ? parseInt(numeric.slice(1), 16) : Number(numeric);
  return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
}

const isTag = (token: string): boolean => token.startsWith('<') && token.length > 1;
const isEntity = (token: string): boolean => token.startsWith('&') && token.length > 1;

/** The text of the converter's HTML: tags dropped, entities decoded. */
function textOfHtml(html: string): string {
  let text = '';
  for (const [token] of html.matchAll(TOKEN)) {
    if (isTag(token)) continue;
    text += isEntity(token) ? decodeEntity(token) : token;
  }
  return text;
}

/**
 * Wraps the given ranges of the line's visible text (sorted, not overlapping) in <mark> elements. A
 * mark never straddles a tag: it is closed before each tag and opened again after it, so the HTML stays
 * well nested whatever colours a match spans.
 */
export function markRanges(html: string, ranges: readonly MarkedRange[]): string {
  if (ranges.length === 0) return html;
  const marker = new Marker(ranges);
  for (const [token] of html.matchAll(TOKEN)) {
    if (isTag(token)) marker.tag(token);
    else if (isEntity(token)) marker.text(token, decodeEntity(token).length);
    else marker.plainText(token);
  }
  return marker.finish();
}

/** Writes HTML out again, opening and closing marks as the visible text crosses the ranges. */
class Marker {
  private out = '';
  /** Where the visible text written so far ends. */
  private offset = 0;
  /** The range being written, or the next one when none is open. */
  private index = 0;
  private open = false;

  constructor(private readonly ranges: readonly MarkedRange[]) {}

  tag(tag: string): void {
    this.out += this.open ? `</mark>${tag}${this.openTag()}` : tag;
  }

  /** An atom of text (an entity) that shows as `length` characters. */
  text(html: string, length: number): void {
    this.openIfStarting();
    this.out += html;
    this.offset += length;
    this.closeIfEnded();
  }

  /** Text with no markup, split where ranges start and end. */
  plainText(text: string): void {
    let rest = text;
    while (rest.length > 0) {
      this.openIfStarting();
      const range = this.ranges[this.index];
      const boundary = range === undefined ? Infinity : this.open ? range.end : range.start;
      const take = Math.max(1, Math.min(rest.length, boundary - this.offset));
      this.out += rest.slice(0, take);
      this.offset += take;
      rest = rest.slice(take);
      this.closeIfEnded();
    }
  }

  finish(): string {
    return this.open ? `${this.out}</mark>` : this.out;
  }

  private openTag(): string {
    const current = this.ranges[this.index]?.current === true;
    return `<mark class="${current ? 'log-match log-match-current' : 'log-match'}">`;
  }

  private openIfStarting(): void {
    const range = this.ranges[this.index];
    if (!this.open && range !== undefined && range.start <= this.offset) {
      this.out += this.openTag();
      this.open = true;
    }
  }

  private closeIfEnded(): void {
    const range = this.ranges[this.index];
    if (this.open && range !== undefined && this.offset >= range.end) {
      this.out += '</mark>';
      this.open = false;
      this.index += 1;
    }
  }
}
