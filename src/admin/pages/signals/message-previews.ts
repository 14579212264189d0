/**
 * Chat messages as the subscriber sees them, as safe HTML for the portal: a Discord embed
 * (its markdown subset) and a Telegram message (its HTML subset). Everything is escaped first;
 * only the formatting the platform itself renders is turned back into tags, and links only
 * when they are http(s). The result carries no inline style (the portal's CSP forbids it): the
 * embed's colour becomes one of a few classes.
 */
import type { DiscordEmbed } from '../../../distribution/renderer.js';

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Discord markdown (bold, italic, underline, strike, inline code, code blocks) on escaped text. */
export function discordMarkdown(text: string): string {
  const codeBlocks: string[] = [];
  let s = escapeHtml(text).replace(/```(?:[a-z]*\n)?([\s\S]*?)```/g, (_m, code: string) => {
    codeBlocks.push(`<pre>${code}</pre>`);
    return `\uE000${codeBlocks.length - 1}\uE000`;
  });
  const inline: string[] = [];
  s = s.replace(/`([^`\n]+)`/g, (_m, code: string) => {
    inline.push(`<code>${code}</code>`);
    return `\uE001${inline.length - 1}\uE001`;
  });
  s = s
    .replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
    .replace(/__(.+?)__/g, '<u>$1</u>')
    .replace(/~~(.+?)~~/g, '<s>$1</s>')
    .replace(/(^|[^*])\*([^*\n]+)\*/g, '$1<i>$2</i>')
    .replace(/\n/g, '<br>');
  return s
    .replace(/\uE001(\d+)\uE001/g, (_m, i: string) => inline[Number(i)])
    .replace(/\uE000(\d+)\uE000/g, (_m, i: string) => codeBlocks[Number(i)]);
}

const EMBED_COLOURS: [string, number][] = [
  ['green', 0x57f287],
  ['yellow', 0xf1c40f],
  ['red', 0xed4245],
  ['blue', 0x5865f2],
  ['grey', 0x99aab5],
];

/** The nearest of the portal's embed colour classes to an embed's colour. */
export function embedColourClass(color: number | undefined): string {
  if (color === undefined) return 'embed-grey';
  const rgb = (c: number) => [(c >> 16) & 255, (c >> 8) & 255, c & 255];
  const [r, g, b] = rgb(color);
  let best = EMBED_COLOURS[0];
  let bestD = Infinity;
  for (const entry of EMBED_COLOURS) {
    const [r2, g2, b2] = rgb(entry[1]);
    const d = (r - r2) ** 2 + (g - g2) ** 2 + (b - b2) ** 2;
    if (d < bestD) [best, bestD] = [entry, d];
  }
  return `embed-${best[0]}`;
}

/** A Discord message (content and embeds) as the client shows it. */
export function discordPreviewHtml(message: { content: string; embeds: DiscordEmbed[] }): string {
  const embeds = message.embeds.map((e) => {
    const fields = (e.fields ?? [])
      .map(
        (f) =>
          `<div class="embed-field${f.inline ? ' inline' : ''}"><div class="embed-field-name">${discordMarkdown(f.name)}</div><div>${discordMarkdown(f.value)}</div></div>`,
      )
      .join('');
    return [
      `<div class="embed ${embedColourClass(e.color)}">`,
      e.title ? `<div class="embed-title">${discordMarkdown(e.title)}</div>` : '',
      e.description ? `<div class="embed-description">${discordMarkdown(e.description)}</div>` : '',
      fields ? `<div class="embed-fields">${fields}</div>` : '',
      e.image ? `<div class="embed-image">[image: ${escapeHtml(e.image.url)}]</div>` : '',
      e.footer ? `<div class="embed-footer">${escapeHtml(e.footer.text)}</div>` : '',
      '</div>',
    ].join('');
  });
  const content = message.content
    ? `<div class="discord-content">${discordMarkdown(message.content)}</div>`
    : '';
  return `<div class="discord">${content}${embeds.join('')}</div>`;
}

const TELEGRAM_TAGS: Record<string, string> = {
  b: 'b',
  strong: 'b',
  i: 'i',
  em: 'i',
  u: 'u',
  ins: 'u',
  s: 's',
  strike: 's',
  del: 's',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-spoiler': 'mark',
};

/** Telegram's HTML subset (parse_mode HTML) as the app shows it; anything else stays text. */
export function telegramPreviewHtml(html: string): string {
  const out: string[] = [];
  const open: string[] = [];
  const tag = /<(\/?)([a-z-]+)((?:\s+[a-z-]+="[^"]*")*)\s*>/gi;
  let last = 0;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    out.push(text(html.slice(last, m.index)));
    last = tag.lastIndex;
    const closing = m[1] === '/';
    const name = m[2].toLowerCase();
    const mapped = name === 'a' ? 'a' : TELEGRAM_TAGS[name];
    if (!mapped) {
      out.push(escapeHtml(m[0]));
      continue;
    }
    if (closing) {
      const at = open.lastIndexOf(mapped);
      if (at === -1) continue;
      while (open.length > at) out.push(`</${open.pop()!}>`);
      continue;
    }
    if (mapped === 'a') {
      const href = /href="([^"]*)"/i.exec(m[3])?.[1] ?? '';
      const decoded = href.replace(/&amp;/g, '&');
      out.push(
        /^https?:\/\//i.test(decoded)
          ? `<a href="${escapeHtml(decoded)}" rel="noopener noreferrer" target="_blank">`
          : '<a>',
      );
    } else {
      out.push(`<${mapped}>`);
    }
    open.push(mapped);
  }
  out.push(text(html.slice(last)));
  while (open.length) out.push(`</${open.pop()!}>`);
  return `<div class="telegram-bubble">${out.join('').replace(/\n/g, '<br>')}</div>`;
}

/** Text between Telegram tags: its entities are kept (it is already escaped), stray < > & escaped. */
function text(s: string): string {
  return s
    .replace(/&(?!(?:amp|lt|gt|quot|#\d+|#x[0-9a-f]+);)/gi, '&amp;')
    .replace(/[<>"']/g, (c) =>
      c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
    );
}
