import { describe, expect, it } from '@jest/globals';
import { LogStore, type StepLogLine } from './logStore';

const line = (id: number, text: string, step = 0): StepLogLine => ({
  id: String(id),
  step,
  attempt: 1,
  rollback: false,
  at: '2026-11-27T12:00:00.000Z',
  line: text,
});

describe('LogStore', () => {
  it('keeps lines in order with the text a reader sees', () => {
    const store = new LogStore();
    store.append([line(1, '\u001b[32mgreen\u001b[0m'), line(2, 'plain', 1)]);
    expect(store.lines.map(({ text, step }) => [text, step])).toEqual([
      ['green', 0],
      ['plain', 1],
    ]);
    expect(store.lastId).toBe('2');
  });

  it('skips lines a resumed subscription sends again, comparing ids as numbers', () => {
    const store = new LogStore();
    store.append([line(9, 'nine'), line(10, 'ten')]);
    expect(store.append([line(9, 'nine'), line(10, 'ten'), line(11, 'eleven')])).toBe(1);
    expect(store.lines.map(({ text }) => text)).toEqual(['nine', 'ten', 'eleven']);
  });

  it('tells its listeners once per batch that added lines, and not for a batch of repeats', () => {
    const store = new LogStore();
    const heard: number[] = [];
    const stop = store.subscribe(() => heard.push(store.revision()));
    store.append([line(1, 'a'), line(2, 'b'), line(3, 'c')]);
    store.append([line(3, 'c')]);
    store.append([line(4, 'd')]);
    stop();
    store.append([line(5, 'e')]);
    expect(heard).toEqual([1, 2]);
  });

  it('has nothing to resume after before its first line', () => {
    expect(new LogStore().lastId).toBeNull();
  });
});
