import { Anchor, List, Text } from '@mantine/core';
import { annotatedLines, specLineId, type SpecProblemAt } from './specLines';

interface SpecTextProps {
  text: string;
  problems: readonly SpecProblemAt[];
  /** Tells the ids of this text's lines apart from another's on the same page. */
  idPrefix: string;
  /** Names the text for assistive technology, such as ".slipway.yml at 1a2b3c4". */
  label: string;
}

/** A spec with its line numbers, each problem shown under the line it is on, at its column. */
export function SpecText({ text, problems, idPrefix, label }: SpecTextProps) {
  const lines = annotatedLines(text, problems);
  return (
    <div className="spec-text" role="region" aria-label={label} tabIndex={0}>
      <ol className="spec-lines">
        {lines.map((line) => (
          <li
            key={line.number}
            id={specLineId(idPrefix, line.number)}
            className={line.problems.length > 0 ? 'spec-line spec-line-wrong' : 'spec-line'}
            data-line={line.number}
            tabIndex={-1}
          >
            <span className="spec-line-number" aria-hidden="true">
              {line.number}
            </span>
            <code className="spec-line-text">{line.text || ' '}</code>
            {line.problems.map((problem) => (
              <p
                key={`${problem.column}:${problem.path}:${problem.message}`}
                className="spec-problem"
                data-column={problem.column}
              >
                <span className="spec-problem-caret" aria-hidden="true">
                  {' '.repeat(Math.max(problem.column - 1, 0))}↑
                </span>
                <span className="spec-problem-message">
                  Line {line.number}, column {problem.column}: {problem.message}
                  {problem.path && ` (${problem.path})`}
                </span>
              </p>
            ))}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** What is wrong, in a list whose entries move to the line each is on. */
export function SpecProblemList({
  problems,
  idPrefix,
}: {
  problems: readonly SpecProblemAt[];
  idPrefix: string;
}) {
  return (
    <List size="sm" spacing={4} className="spec-problem-summary">
      {problems.map((problem) => (
        <List.Item key={`${problem.line}:${problem.column}:${problem.path}:${problem.message}`}>
          <Anchor href={`#${specLineId(idPrefix, problem.line)}`} onClick={focusLine(idPrefix, problem.line)}>
            Line {problem.line}, column {problem.column}
          </Anchor>
          <Text span inherit>
            : {problem.message}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}

/** The link moves the keyboard's focus to the line too, not just the view (the address keeps its path). */
function focusLine(idPrefix: string, line: number) {
  return (event: { preventDefault: () => void }) => {
    const target = document.getElementById(specLineId(idPrefix, line));
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
  };
}
