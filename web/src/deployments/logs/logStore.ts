import type { StepLogLineFieldsFragment } from '../../gql/graphql';
import { visibleText } from './ansiLine';

/** The step position the build's lines carry. */
export const BUILD_STEP = -1;

/**
 * One line a step printed, as the API gives it (stepLogs, deploymentLogs): `id` increases across the
 * deployment, `step` is the step's position (-1 the build), `line` is as printed, escapes included.
 */
export type StepLogLine = StepLogLineFieldsFragment;

/** A stored line, with the text a reader sees (what search looks in). */
export interface LogLine extends StepLogLine {
  text: string;
}

/**
 * Every line of one deployment, in order, each once. Lines are appended in place and listeners hear of
 * each batch once, so a view re-renders per batch rather than per line (useSyncExternalStore reads
 * `revision`).
 */
export class LogStore {
  private readonly all: LogLine[] = [];
  private lastSeen = -1n;
  private revisionNumber = 0;
  private readonly listeners = new Set<() => void>();

  /** Appends the lines not seen yet (a resumed subscription may send some again); returns how many. */
  append(lines: readonly StepLogLine[]): number {
    let added = 0;
    for (const line of lines) {
      const id = BigInt(line.id);
      if (id <= this.lastSeen) continue;
      this.lastSeen = id;
      this.all.push({ ...line, text: visibleText(line.line) });
      added += 1;
    }
    if (added > 0) {
      this.revisionNumber += 1;
      this.listeners.forEach((listener) => listener());
    }
    return added;
  }

  /** Every line so far; the same array, grown in place. */
  get lines(): readonly LogLine[] {
    return this.all;
  }

  /** The id to resume after; null before the first line. */
  get lastId(): string | null {
    return this.all.at(-1)?.id ?? null;
  }

  /** Changes with each batch that added a line. */
  readonly revision = (): number => this.revisionNumber;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
