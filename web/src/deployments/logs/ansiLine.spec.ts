import { describe, expect, it } from '@jest/globals';
import { ansiToHtml, markRanges, visibleText } from './ansiLine';

const GREEN = '\u001b[32m';
const BOLD_RED = '\u001b[1;31m';
const RESET = '\u001b[0m';

describe('ansiToHtml', () => {
  it('turns colour codes into spans coloured by the theme’s palette variables', () => {
    expect(ansiToHtml(`${GREEN}ok${RESET} done`)).toBe(
      '<span style="color:var(--log-ansi-2)">ok</span> done',
    );
    expect(ansiToHtml('\u001b[91mbright')).toContain('color:var(--log-ansi-9)');
  });

  it('escapes what a step prints, so it can never become markup', () => {
    const html = ansiToHtml(`${GREEN}<img src=x onerror=alert(1)> & "quotes"${RESET}`);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;');
  });

  it('leaves the default colours to the theme rather than white on black', () => {
    expect(ansiToHtml(`${GREEN}a\u001b[39mb`)).toContain('color:inherit');
    expect(ansiToHtml('\u001b[41ma\u001b[49mb')).toContain('background-color:transparent');
  });

  it('keeps no colour from one line to the next', () => {
    ansiToHtml(`${GREEN}left open`);
    expect(ansiToHtml('plain')).toBe('plain');
  });
});

describe('visibleText', () => {
  it('is the line itself when it holds no escape sequence', () => {
    const line = 'tar: <stdin> & more';
    expect(visibleText(line)).toBe(line);
  });

  it('drops escape sequences and keeps the characters the HTML had to escape', () => {
    expect(visibleText(`${BOLD_RED}error:${RESET} <main> failed & "stopped" – café`)).toBe(
      'error: <main> failed & "stopped" – café',
    );
  });
});

describe('markRanges', () => {
  it('wraps each range in a mark, the current one told apart', () => {
    expect(
      markRanges('one two one', [
        { start: 0, end: 3, current: false },
        { start: 8, end: 11, current: true },
      ]),
    ).toBe('<mark class="log-match">one</mark> two <mark class="log-match log-match-current">one</mark>');
  });

  it('counts an escaped character as the one character a reader sees', () => {
    const html = ansiToHtml('a <b> & c');
    const text = visibleText('a <b> & c');
    const start = text.indexOf('<b>');
    expect(markRanges(html, [{ start, end: start + 3, current: false }])).toBe(
      'a <mark class="log-match">&lt;b&gt;</mark> &amp; c',
    );
  });

  it('closes and reopens a mark around colour tags so the HTML stays well nested', () => {
    const line = `al${GREEN}l gr${RESET}een`;
    const text = visibleText(line);
    expect(text).toBe('all green');
    expect(markRanges(ansiToHtml(line), [{ start: 1, end: 7, current: false }])).toBe(
      'a<mark class="log-match">l</mark><span style="color:var(--log-ansi-2)"><mark class="log-match">l gr</mark></span><mark class="log-match">e</mark>en',
    );
  });

  it('handles ranges that touch, and one that runs to the end of the line', () => {
    expect(
      markRanges('aaaa', [
        { start: 0, end: 2, current: false },
        { start: 2, end: 4, current: false },
      ]),
    ).toBe('<mark class="log-match">aa</mark><mark class="log-match">aa</mark>');
  });

  it('returns the HTML unchanged without ranges', () => {
    expect(markRanges('<b>x</b>', [])).toBe('<b>x</b>');
  });
});
