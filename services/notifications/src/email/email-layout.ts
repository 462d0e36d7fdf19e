import type { Email } from './email-sender';

/** What an email says, once; `renderEmail` writes it as the plain-text part and as the HTML part. */
export type EmailBlock =
  /** Label and value pairs (Project, Environment, …); pairs without a value are left out. */
  | { type: 'facts'; facts: Array<[label: string, value: string | null]> }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; title: string; items: string[] }
  /** Output shown as it was printed (a step's log tail). */
  | { type: 'log'; title: string; text: string }
  /** One line per item, each with its own link (a digest's deployments). */
  | { type: 'links'; items: Array<{ text: string; url: string }> }
  /** The call to action: a button in HTML, the bare address in text. */
  | { type: 'button'; label: string; url: string };

/** The banner colour: what the reader should feel before reading a word. */
export type EmailTone = 'failure' | 'success' | 'attention' | 'neutral';

export interface EmailContent {
  subject: string;
  heading: string;
  tone: EmailTone;
  blocks: EmailBlock[];
}

/** An email's content, before it is addressed. */
export type RenderedEmail = Omit<Email, 'to' | 'messageId'>;

const TONE_COLOURS: Record<EmailTone, string> = {
  failure: '#c9372c',
  success: '#1f845a',
  attention: '#b65c02',
  neutral: '#0c66e4',
};

// Mail clients drop <style> and external stylesheets: every style is inline, and the layout is tables.
const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const MONOSPACE = "SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace";
const STYLE = {
  page: 'margin:0;padding:0;background:#f4f5f7;',
  card: `max-width:640px;width:100%;background:#ffffff;border:1px solid #dfe1e6;border-radius:6px;font-family:${FONT};color:#172b4d;`,
  banner: 'color:#ffffff;padding:16px 24px;font-size:18px;font-weight:600;border-radius:6px 6px 0 0;',
  body: 'padding:8px 24px 24px 24px;font-size:14px;line-height:1.5;',
  label: 'padding:4px 16px 4px 0;color:#5e6c84;white-space:nowrap;vertical-align:top;',
  value: 'padding:4px 0;vertical-align:top;word-break:break-word;',
  title: 'margin:20px 0 8px 0;font-size:15px;font-weight:600;',
  paragraph: 'margin:16px 0;',
  list: 'margin:0;padding:0 0 0 20px;',
  log: `margin:0;padding:12px;background:#091e42;color:#f4f5f7;border-radius:4px;font-family:${MONOSPACE};font-size:12px;line-height:1.4;white-space:pre-wrap;word-break:break-all;`,
  linkRow: 'padding:6px 0;border-bottom:1px solid #ebecf0;',
  link: 'color:#0c66e4;',
  button:
    'display:inline-block;margin-top:20px;padding:10px 18px;background:#0c66e4;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:600;',
} as const;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function renderEmail(content: EmailContent): RenderedEmail {
  return {
    // A header holds one line: a newline in a step name or an actor must not start another header.
    subject: content.subject.replace(/\s+/g, ' ').trim(),
    text: renderText(content),
    html: renderHtml(content),
  };
}

function renderText({ heading, blocks }: EmailContent): string {
  const parts = [heading, ...blocks.map(blockText)].filter((part) => part !== '');
  return `${parts.join('\n\n')}\n`;
}

function blockText(block: EmailBlock): string {
  switch (block.type) {
    case 'facts': {
      const facts = presentFacts(block.facts);
      const width = Math.max(0, ...facts.map(([label]) => label.length)) + 2;
      return facts.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`).join('\n');
    }
    case 'paragraph':
      return block.text;
    case 'list':
      return [block.title, ...block.items.map((item) => `- ${item}`)].join('\n');
    case 'log':
      return `${block.title}\n${block.text}`;
    case 'links':
      return block.items.map((item) => `- ${item.text}\n  ${item.url}`).join('\n');
    case 'button':
      return `${block.label}: ${block.url}`;
  }
}

function renderHtml({ subject, heading, tone, blocks }: EmailContent): string {
  return [
    '<!DOCTYPE html>',
    '<html>',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    `<body style="${STYLE.page}">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="${STYLE.page}"><tr><td align="center" style="padding:24px 12px;">`,
    `<table role="presentation" cellpadding="0" cellspacing="0" style="${STYLE.card}">`,
    `<tr><td style="${STYLE.banner}background:${TONE_COLOURS[tone]};">${escapeHtml(heading)}</td></tr>`,
    `<tr><td style="${STYLE.body}">`,
    ...blocks.map(blockHtml),
    '</td></tr>',
    '</table>',
    '</td></tr></table>',
    '</body>',
    '</html>',
  ].join('\n');
}

function blockHtml(block: EmailBlock): string {
  switch (block.type) {
    case 'facts': {
      const rows = presentFacts(block.facts).map(
        ([label, value]) =>
          `<tr><td style="${STYLE.label}">${escapeHtml(label)}</td><td style="${STYLE.value}">${escapeHtml(value)}</td></tr>`,
      );
      return `<table role="presentation" cellpadding="0" cellspacing="0" style="margin-top:12px;border-collapse:collapse;">${rows.join('')}</table>`;
    }
    case 'paragraph':
      return `<p style="${STYLE.paragraph}">${escapeHtml(block.text)}</p>`;
    case 'list': {
      const items = block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('');
      return `<p style="${STYLE.title}">${escapeHtml(block.title)}</p><ul style="${STYLE.list}">${items}</ul>`;
    }
    case 'log':
      return `<p style="${STYLE.title}">${escapeHtml(block.title)}</p><pre style="${STYLE.log}">${escapeHtml(block.text)}</pre>`;
    case 'links': {
      const rows = block.items.map(
        (item) =>
          `<tr><td style="${STYLE.linkRow}"><a href="${escapeHtml(item.url)}" style="${STYLE.link}">${escapeHtml(item.text)}</a></td></tr>`,
      );
      return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin-top:12px;border-collapse:collapse;">${rows.join('')}</table>`;
    }
    case 'button':
      return `<a href="${escapeHtml(block.url)}" style="${STYLE.button}">${escapeHtml(block.label)}</a>`;
  }
}

function presentFacts(facts: Array<[string, string | null]>): Array<[string, string]> {
  return facts.flatMap(([label, value]): Array<[string, string]> =>
    value === null || value === '' ? [] : [[label, value]],
  );
}
