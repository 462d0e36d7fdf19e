import { describe, expect, it } from '@jest/globals';
import { annotatedLines } from './specLines';

const problem = (line: number, column: number, message = `at ${line}:${column}`) => ({
  line,
  column,
  path: '',
  message,
});

describe('annotatedLines', () => {
  it('numbers the lines from 1 and puts each problem on its line, leftmost first', () => {
    const lines = annotatedLines('version: 1\nenvironments:\n  - name: dev\n', [
      problem(3, 11),
      problem(3, 5),
      problem(1, 10),
    ]);
    expect(lines.map((line) => [line.number, line.text, line.problems.map((p) => p.column)])).toEqual([
      [1, 'version: 1', [10]],
      [2, 'environments:', []],
      [3, '  - name: dev', [5, 11]],
    ]);
  });

  it('keeps the empty line after the final newline when a problem points at the end of the file', () => {
    const lines = annotatedLines('a: [1\n', [problem(2, 1, 'not valid YAML')]);
    expect(lines.map((line) => [line.number, line.text, line.problems.length])).toEqual([
      [1, 'a: [1', 0],
      [2, '', 1],
    ]);
  });

  it('puts a problem past the end on the last line, and shows a file without a final newline whole', () => {
    const lines = annotatedLines('a: 1\nb: 2', [problem(9, 1)]);
    expect(lines.map((line) => [line.text, line.problems.length])).toEqual([
      ['a: 1', 0],
      ['b: 2', 1],
    ]);
  });
});
