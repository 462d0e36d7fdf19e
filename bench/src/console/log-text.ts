/** One line of a generated log: as a step printed it (ANSI codes included), and the text a reader sees. */
export interface GeneratedLine {
  /** The step's position; -1 is the build. */
  step: number;
  line: string;
  text: string;
}

/** What the bench searches for: in about one line in a hundred, coloured differently from the rest of it. */
export const SEARCH_TERM = 'cache miss';

/** The build prints the first tenth of the log, the first step the next six tenths, the last step the rest. */
const BUILD_SHARE = 0.1;
const FIRST_STEP_SHARE = 0.7;

/** A run of text in an SGR colour (`[code, text]`), or plain text. */
type Segment = string | readonly [code: string, text: string];

const SUITES = ['cart', 'checkout', 'orders', 'invoices', 'search', 'accounts', 'shipping'];
const CASES = ['adds an item', 'rejects an empty basket', 'rounds the total', 'retries once', 'signs out'];
const PATHS = ['/api/orders', '/api/carts', '/api/users', '/healthz', '/api/invoices'];

/** A well-spread 32-bit hash of `value`: the same log on every run, without a random generator. */
function mix(value: number): number {
  let hash = Math.imul(value ^ (value >>> 16), 0x45d9f3b);
  hash = Math.imul(hash ^ (hash >>> 16), 0x45d9f3b);
  return (hash ^ (hash >>> 16)) >>> 0;
}

const hex = (value: number, length: number): string =>
  Array.from({ length: Math.ceil(length / 8) }, (_, index) =>
    mix(value + index)
      .toString(16)
      .padStart(8, '0'),
  )
    .join('')
    .slice(0, length);

function printed(segments: readonly Segment[]): { line: string; text: string } {
  return {
    line: segments
      .map((segment) =>
        typeof segment === 'string' ? segment : `\u001b[${segment[0]}m${segment[1]}\u001b[0m`,
      )
      .join(''),
    text: segments.map((segment) => (typeof segment === 'string' ? segment : segment[1])).join(''),
  };
}

function buildLine(index: number, hash: number): readonly Segment[] {
  if (hash % 3 === 0) return [`Downloading layer ${hex(hash, 12)} ${hash % 101}%`];
  return [
    ['36', `#${(hash % 40) + 1}`],
    ` [build ${(hash % 9) + 1}/9] RUN npm ci --omit=dev (line ${index})`,
  ];
}

function stepLine(hash: number): readonly Segment[] {
  const pick = <T>(values: readonly T[]): T => values[(hash >>> 8) % values.length]!;
  switch (hash % 6) {
    case 0:
      return [['32', '✓'], ` ${pick(SUITES)} › ${pick(CASES)} (${hash % 250} ms)`];
    case 1:
      return [['33', 'warn'], ` deprecated inflight@1.0.${hash % 9}: this module leaks memory`];
    case 2:
      return [`GET ${pick(PATHS)}/${hash % 10_000} `, ['32', '200'], ` ${hash % 90} ms`];
    case 3:
      return [
        ['1;31', 'ERROR'],
        ` connection reset by peer, retrying in ${hash % 5}s (attempt ${(hash % 5) + 1}/5)`,
      ];
    case 4:
      // A long line: the viewer scrolls it sideways.
      return [
        `{"level":"info","msg":"migrated","table":"${pick(SUITES)}_${hash % 97}","rows":${hash % 100_000},` +
          `"duration_ms":${hash % 5000},"checksum":"${hex(hash, 40)}","note":"${'x'.repeat(hash % 120)}"}`,
      ];
    default:
      return [
        ['2', new Date(Date.UTC(2026, 0, 1) + (hash % 86_400) * 1000).toISOString()],
        ` worker ${hash % 8} idle`,
      ];
  }
}

/** Line `index` (0-based) of a log of `total` lines, the same on every call. */
export function generatedLine(index: number, total: number): GeneratedLine {
  const hash = mix(index + 1);
  const step = index < total * BUILD_SHARE ? -1 : index < total * FIRST_STEP_SHARE ? 0 : 1;
  const segments: readonly Segment[] =
    index % 100 === 42
      ? [['1;35', hash % 2 === 0 ? 'cache' : 'Cache'], ` miss for layer sha256:${hex(hash, 16)}, pulling`]
      : step === -1
        ? buildLine(index, hash)
        : stepLine(hash);
  return { step, ...printed(segments) };
}

/** How often `term` occurs in `text`, ignoring case, as the viewer's search counts it. */
export function occurrences(text: string, term: string): number {
  return text.toLowerCase().split(term.toLowerCase()).length - 1;
}
