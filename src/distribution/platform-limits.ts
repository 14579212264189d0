/**
 * The platforms' own limits and formatting rules, checked on every rendered message before it
 * is sent (a message a platform would reject or cut is a render error, not a send failure):
 * Discord's embed limits, Telegram's HTML subset and its 4096 characters after entity parsing,
 * X's 280 weighted characters (counted by twitter-text, as X counts them: URLs as 23, CJK and
 * emoji as two), Reddit's 300-character titles.
 */
import twitterText from 'twitter-text';

export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Sum of every embed's title, description, field names and values and footer text. */
  embedTotal: 6000,
} as const;

export const TELEGRAM_MAX_CHARS = 4096;
export const X_MAX_WEIGHTED = 280;
export const REDDIT_TITLE_MAX = 300;

/** Tags Telegram's HTML parse mode accepts. */
const TELEGRAM_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-spoiler',
  'span',
]);

interface EmbedText {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
}

/** Characters Discord counts toward an embed's 6000. */
export function discordEmbedChars(embeds: readonly EmbedText[]): number {
  let n = 0;
  for (const e of embeds) {
    n += [...(e.title ?? '')].length + [...(e.description ?? '')].length;
    n += [...(e.footer?.text ?? '')].length;
    for (const f of e.fields ?? []) n += [...f.name].length + [...f.value].length;
  }
  return n;
}

/**
 * Problems Telegram would reject an HTML message for: an unsupported tag, an unbalanced tag, a
 * bare `<`, `>` or `&` outside an entity, an entity Telegram does not know, or more than 4096
 * characters once entities are parsed. Empty when the message is fine.
 */
export function telegramHtmlProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const tag = /<(\/?)([a-z][a-z0-9-]*)((?:\s+[a-z-]+="[^"<>]*")*)\s*>/gi;
  let text = '';
  let last = 0;
  for (const m of html.matchAll(tag)) {
    text += html.slice(last, m.index);
    last = m.index + m[0].length;
    const name = m[2]!.toLowerCase();
    if (!TELEGRAM_TAGS.has(name)) problems.push(`unsupported tag <${name}>`);
    if (m[1]) {
      if (stack.pop() !== name) problems.push(`unbalanced </${name}>`);
    } else stack.push(name);
  }
  text += html.slice(last);
  if (stack.length > 0) problems.push(`unclosed <${stack.join('>, <')}>`);
  if (/[<>]/.test(text)) problems.push('a bare < or > outside a tag');
  for (const m of text.matchAll(/&([^;\s]*);?/g)) {
    if (!/^(lt|gt|amp|quot|#\d+|#x[0-9a-f]+)$/i.test(m[1]!) || !m[0].endsWith(';')) {
      problems.push(`a bare & or unknown entity "${m[0]}"`);
    }
  }
  const visible = text.replace(/&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi, 'x');
  if ([...visible].length > TELEGRAM_MAX_CHARS) {
    problems.push(
      `${[...visible].length} characters after entity parsing (max ${TELEGRAM_MAX_CHARS})`,
    );
  }
  return problems;
}

/** X's weighted length of a post (twitter-text's parseTweet). */
export function xWeightedLength(status: string): { weighted: number; valid: boolean } {
  const parsed = twitterText.parseTweet(status);
  return { weighted: parsed.weightedLength, valid: parsed.valid };
}

/** A Reddit title cut to 300 characters at a word, with an ellipsis when cut. */
export function redditTitle(title: string): string {
  const chars = [...title.replace(/\s+/g, ' ').trim()];
  if (chars.length <= REDDIT_TITLE_MAX) return chars.join('');
  const cut = chars.slice(0, REDDIT_TITLE_MAX - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > 200 ? cut.slice(0, space) : cut}…`;
}
