/**
 * One recipient's signal email as a raw MIME message: multipart/alternative with UTF-8 text and
 * HTML parts in base64. The email adapter sends it as it is over its SMTP connections
 * (smtp-pool.ts): nodemailer's own composer costs about 0.4 ms of CPU a message, most of a
 * 10,000-recipient fan-out, while our messages always have this one shape. Header values with a
 * line break are refused (no header injection); non-ASCII ones are RFC 2047 encoded.
 */
import { randomBytes } from 'node:crypto';

export interface MimeMessage {
  /** `Name <address>` or a bare address. */
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** With angle brackets: `<id@domain>`. */
  messageId: string;
  date: Date;
  /** Extra headers (List-Unsubscribe, …), names as written. */
  headers?: Record<string, string>;
  /** Files: with a contentId inline (multipart/related, `cid:` in the HTML), else attached. */
  attachments?: MimeAttachment[];
}

export interface MimeAttachment {
  filename: string;
  contentType: string;
  data: Uint8Array;
  contentId?: string;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/**
 * Boundaries: a random token per process and a counter (a random draw per message cost more than
 * the rest of the header). Every part is base64, whose alphabet has no '-', so no part can contain
 * a boundary.
 */
const BOUNDARY = `gd-${randomBytes(12).toString('hex')}-`;
let boundaries = 0;
const nextBoundary = (): string => BOUNDARY + (++boundaries).toString(36);
const HEADER_NAME = /^[!-9;-~]+$/;

/** The bare address of `Name <address>` (or the value itself). */
export function mailboxAddress(mailbox: string): string {
  const m = /<([^<>]+)>\s*$/.exec(mailbox);
  return (m ? m[1] : mailbox).trim();
}

export function composeMime(message: MimeMessage): Buffer {
  const boundary = nextBoundary();
  const lines = [
    header('From', message.from, mailbox),
    header('To', message.to, mailbox),
    header('Subject', message.subject, encodeWords),
    header('Date', message.date.toUTCString().replace(/GMT$/, '+0000')),
    header('Message-ID', message.messageId),
    'MIME-Version: 1.0',
  ];
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (!HEADER_NAME.test(name)) throw new Error(`invalid header name ${JSON.stringify(name)}`);
    lines.push(header(name, value, encodeWords));
  }
  const body = [
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    ...part('text/plain', message.text),
    `--${boundary}`,
    ...part('text/html', message.html),
    `--${boundary}--`,
  ];
  const files = message.attachments ?? [];
  const inline = files.filter((f) => f.contentId);
  const attached = files.filter((f) => !f.contentId);
  const related = inline.length > 0 ? multipart('related', body, inline.map(filePart)) : body;
  const mixed = attached.length > 0 ? multipart('mixed', related, attached.map(filePart)) : related;
  lines.push(...mixed, '');
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

/** A multipart entity: `first` (itself an entity with its Content-Type) then the other parts. */
function multipart(kind: 'related' | 'mixed', first: string[], rest: string[][]): string[] {
  const b = nextBoundary();
  return [
    `Content-Type: multipart/${kind}; boundary="${b}"`,
    '',
    `--${b}`,
    ...first,
    ...rest.flatMap((p) => [`--${b}`, ...p]),
    `--${b}--`,
  ];
}

function filePart(f: MimeAttachment): string[] {
  const name = f.filename.replace(/["\\\r\n]/g, '_');
  if (/[\r\n]/.test(f.contentType) || (f.contentId && /[\r\n<>]/.test(f.contentId)))
    throw new Error('line break in an attachment header');
  const encoded = Buffer.from(f.data).toString('base64');
  const lines = [
    `Content-Type: ${f.contentType}; name="${name}"`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: ${f.contentId ? 'inline' : 'attachment'}; filename="${name}"`,
    ...(f.contentId ? [`Content-ID: <${f.contentId}>`] : []),
    '',
  ];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  return lines;
}

/** `Name: value`, the value checked for line breaks before it is encoded. */
function header(name: string, value: string, encode: (v: string) => string = (v) => v): string {
  if (/[\r\n]/.test(value)) throw new Error(`line break in the ${name} header`);
  return `${name}: ${encode(value)}`;
}

function part(type: string, body: string): string[] {
  const encoded = Buffer.from(body, 'utf8').toString('base64');
  const lines = [`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', ''];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  return lines;
}

/** `Name <address>` with the name encoded when it is not plain ASCII. */
function mailbox(value: string): string {
  const m = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(value);
  if (!m) return value.trim();
  const name = m[1].replace(/^"(.*)"$/, '$1');
  if (name === '') return `<${m[2]}>`;
  const display = PRINTABLE_ASCII.test(name)
    ? `"${name.replace(/["\\]/g, '\\$&')}"`
    : encodeWords(name);
  return `${display} <${m[2]}>`;
}

/**
 * RFC 2047 encoded words (UTF-8, base64) for a value that is not plain ASCII, each at most 75
 * characters: cut between characters every 45 bytes at most.
 */
function encodeWords(value: string): string {
  if (PRINTABLE_ASCII.test(value)) return value;
  const words: string[] = [];
  let chunk = '';
  let bytes = 0;
  for (const ch of value) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > 45) {
      words.push(chunk);
      chunk = '';
      bytes = 0;
    }
    chunk += ch;
    bytes += size;
  }
  if (chunk) words.push(chunk);
  // Folded onto continuation lines: whitespace between encoded words is not part of the text.
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}
