import {
  memo,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type UIEvent,
  type WheelEvent,
} from 'react';
import { ansiToHtml, markRanges } from './ansiLine';
import { formatLogTime } from './formatLogTime';
import type { LogMatch } from './logSearch';
import type { LogLine } from './logStore';
import { visibleRange } from './visibleRange';
import './logView.css';

/** The height of a row in pixels, as .log-line in logView.css sets it. */
const ROW_HEIGHT = 20;
/** Rows rendered beyond each edge of the view, so a quick scroll does not show blank rows. */
const OVERSCAN = 30;
/** Keys that move a scrolled region up: pressing one means "stop following". */
const KEYS_UP = new Set(['ArrowUp', 'PageUp', 'Home']);

/** A match, with its index among all matches (so the current one can be told apart). */
type RowMatch = LogMatch & { index: number };

interface LogLinesProps {
  lines: readonly LogLine[];
  /** Changes whenever lines were appended (the array may be the same one, grown). */
  revision: number;
  /** The name of a line's step, when lines of several steps are shown; null otherwise. */
  stepOf: ((line: LogLine) => string) | null;
  showTimes: boolean;
  matches: readonly LogMatch[];
  currentMatch: number | null;
  /** Keep the last line in view as lines arrive. */
  following: boolean;
  /** The reader scrolled up (or pressed a key that does): following stops. */
  onScrolledAway: () => void;
  /** Bring this line into view; a new object each time it is asked. */
  reveal: { line: number } | null;
  label: string;
}

/**
 * The log's lines in a scrolled region that renders only the rows in view (and a margin), whatever
 * the number of lines: ten thousand lines cost the DOM what forty do.
 */
export function LogLines({
  lines,
  revision,
  stepOf,
  showTimes,
  matches,
  currentMatch,
  following,
  onScrolledAway,
  reveal,
  label,
}: LogLinesProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(0);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return undefined;
    setHeight(element.clientHeight);
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Before the browser paints: the new rows and the position that shows them arrive together.
  useLayoutEffect(() => {
    const element = viewport.current;
    if (!following || !element) return;
    element.scrollTop = element.scrollHeight;
    setScrollTop(element.scrollTop);
  }, [following, lines.length, revision, height]);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!reveal || !element) return;
    element.scrollTop = Math.max(0, (reveal.line + 0.5) * ROW_HEIGHT - element.clientHeight / 2);
    setScrollTop(element.scrollTop);
  }, [reveal]);

  const matchesByLine = useMemo(() => {
    const byLine = new Map<number, RowMatch[]>();
    matches.forEach((match, index) => {
      const row = byLine.get(match.line);
      if (row) row.push({ ...match, index });
      else byLine.set(match.line, [{ ...match, index }]);
    });
    return byLine;
  }, [matches]);

  function scrolled(event: UIEvent<HTMLDivElement>) {
    const element = event.currentTarget;
    setScrollTop(element.scrollTop);
    const atEnd = element.scrollHeight - element.scrollTop - element.clientHeight < ROW_HEIGHT;
    if (following && !atEnd) onScrolledAway();
  }

  function wheeled(event: WheelEvent<HTMLDivElement>) {
    if (following && event.deltaY < 0) onScrolledAway();
  }

  function keyPressed(event: KeyboardEvent<HTMLDivElement>) {
    if (following && KEYS_UP.has(event.key)) onScrolledAway();
  }

  const { start, end } = visibleRange(scrollTop, height, ROW_HEIGHT, lines.length, OVERSCAN);
  const rows = [];
  for (let index = start; index < end; index += 1) {
    const line = lines[index]!;
    const rowMatches = matchesByLine.get(index);
    const current = rowMatches?.some((match) => match.index === currentMatch) ? currentMatch : null;
    rows.push(
      <LogRow
        key={line.id}
        number={index + 1}
        line={line}
        step={stepOf ? stepOf(line) : null}
        showTime={showTimes}
        matches={rowMatches}
        currentMatch={current}
      />,
    );
  }

  return (
    <div
      ref={viewport}
      className="log-viewport"
      // Reachable with Tab, so the arrow keys and Page Up/Down scroll the log.
      tabIndex={0}
      role="region"
      aria-label={label}
      onScroll={scrolled}
      onWheel={wheeled}
      onKeyDown={keyPressed}
    >
      <div className="log-canvas" style={{ height: lines.length * ROW_HEIGHT }}>
        <div style={{ transform: `translateY(${start * ROW_HEIGHT}px)` }}>{rows}</div>
      </div>
    </div>
  );
}

interface LogRowProps {
  number: number;
  line: LogLine;
  step: string | null;
  showTime: boolean;
  matches: readonly RowMatch[] | undefined;
  currentMatch: number | null;
}

const LogRow = memo(function LogRow({ number, line, step, showTime, matches, currentMatch }: LogRowProps) {
  const html = useMemo(() => {
    const coloured = ansiToHtml(line.line);
    if (!matches) return coloured;
    return markRanges(
      coloured,
      matches.map(({ start, end, index }) => ({ start, end, current: index === currentMatch })),
    );
  }, [line, matches, currentMatch]);

  return (
    <div className={line.rollback ? 'log-line log-line-rollback' : 'log-line'} data-line={number}>
      <span className="log-number">{number}</span>
      {showTime && <span className="log-time">{formatLogTime(line.at)}</span>}
      {step !== null && (
        <span className="log-step" title={step}>
          {step}
        </span>
      )}
      {line.rollback && (
        <span className="log-rollback-mark" title="Printed while rolling back">
          ↩{' '}
        </span>
      )}
      {/* Safe: ansiToHtml escapes the text (escapeXML) and adds only its own span, b, i, u tags. */}
      <span className="log-text" dangerouslySetInnerHTML={{ __html: html }} />
    </div>
  );
});
