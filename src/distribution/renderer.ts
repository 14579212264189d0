/**
 * Renders a tier's view through its per-channel handlebars templates (templates/distribution/
 * <tier>/<channel>...hbs), compiled once, in strict mode, in an isolated Handlebars environment.
 * HTML templates (Telegram HTML, email HTML) use Handlebars' escaping, which only emits entities
 * Telegram accepts (&amp; &lt; &gt; &quot; and numeric ones); text, JSON and Markdown templates are
 * compiled without HTML escaping and escape through their own helpers (json, md).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

import { z } from 'zod';
import { TIERS, type Tier } from '../vocabulary/tier.js';
import type { PublishedSignal, SignalUpdate } from '../signals/signal.js';
import type { TierChannel } from './tier-policy.js';
import {
  discordEmbedChars,
  DISCORD_LIMITS,
  redditTitle,
  telegramHtmlProblems,
  xWeightedLength,
  X_MAX_WEIGHTED,
} from './platform-limits.js';
import {
  complianceFooter,
  freshnessStamp,
  newYorkTime,
  updateViewForTier,
  viewForTier,
  type TierUpdateView,
  type TierView,
} from './views.js';

export const TEMPLATE_NAMES = [
  'discord.json',
  'telegram.html',
  'email-subject.txt',
  'email.html',
  'email.txt',
  'twitter.txt',
  'reddit-title.txt',
  'reddit.md',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export class RenderError extends Error {
  override name = 'RenderError';
}

const discordEmbedSchema = z.object({
  title: z.string().max(256).optional(),
  description: z.string().max(4096).optional(),
  color: z.number().int().optional(),
  fields: z
    .array(
      z.object({
        name: z.string().min(1).max(256),
        value: z.string().min(1).max(1024),
        inline: z.boolean().optional(),
      }),
    )
    .max(25)
    .optional(),
  image: z.object({ url: z.string() }).optional(),
  footer: z.object({ text: z.string().max(2048) }).optional(),
  timestamp: z.string().optional(),
});
export type DiscordEmbed = z.infer<typeof discordEmbedSchema>;
const discordPayloadSchema = z.object({
  content: z.string().max(2000),
  embeds: z.array(discordEmbedSchema).max(10),
});

export type RenderedMessage =
  | { channel: 'discord'; content: string; embeds: DiscordEmbed[] }
  | { channel: 'telegram'; html: string }
  | { channel: 'email'; subject: string; html: string; text: string }
  | { channel: 'twitter'; status: string }
  | { channel: 'reddit'; title: string; markdown: string };

export interface RenderInput {
  tier: Tier;
  channel: TierChannel;
  signal: PublishedSignal;
  update: SignalUpdate | null;
  /** The tier's delay, for its footer. */
  delayMs: number;
  /** Email only: the recipient's own unsubscribe link. */
  unsubscribeUrl?: string | null;
  /** The tier's narrative in sentences (from the narrative writer); Premium's replaces the signal's. */
  narrative?: string;
  /**
   * Files to attach where the channel takes them (Discord, Telegram, email): the slot for a
   * signal's chart PNG. Twitter and Reddit posts go without.
   */
  attachments?: MessageAttachment[];
}

export interface MessageAttachment {
  filename: string;
  contentType: string;
  data: Uint8Array;
}

/** Where lower tiers' upgrade links and every message's account links point. */
export interface RendererLinks {
  /** The public address of the web pages (PUBLIC_BASE_URL), without a trailing slash. */
  publicBaseUrl: string;
}

export interface Rendered {
  message: RenderedMessage;
  /** Exactly what is sent, as one string (the ledger's `text`). */
  text: string;
  /** Every string of the message, for the leak scanner. */
  parts: string[];
  /** Strings our own code produced (stamp, footer, timestamps, links): the scanner skips them. */
  safeFragments: string[];
  /** Files sent with the message (empty on channels that take none). */
  attachments?: MessageAttachment[];
}

export interface TemplateContext {
  headline: string;
  isUpdate: boolean;
  signal: TierView;
  update: TierUpdateView | null;
  stamp: string;
  footer: string;
  publishedIso: string;
  unsubscribeUrl: string | null;
  /** The tier's own narrative ('' when none was written). */
  narrative: string;
  /** "SIG-20260302-001": every message carries it, so /why works from any of them. */
  signalId: string;
  /** "/why SIG-20260302-001". */
  whyCommand: string;
  /** When the news happened, New York time: "10:00 ET, Mon Mar 2". */
  at: string;
  pricingUrl: string;
  accountUrl: string;
  /** Whether a chart file is attached (templates say so instead of linking). */
  hasChart: boolean;
}

const MD_SPECIAL = /([\\`*_[\]~^|#>])/g;

function environment(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper('json', (v: unknown) => JSON.stringify(v ?? null));
  hb.registerHelper('concat', (...args: unknown[]) =>
    args
      .slice(0, -1)
      .map((a) => String(a))
      .join(''),
  );
  // Non-empty strings as paragraphs (an optional narrative before fixed text).
  hb.registerHelper('paragraphs', (...args: unknown[]) =>
    args
      .slice(0, -1)
      .map((a) => String(a ?? ''))
      .filter((a) => a !== '')
      .join('\n\n'),
  );
  hb.registerHelper('truncate', (v: unknown, n: unknown) => {
    const s = String(v);
    const max = Number(n);
    return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
  });
  hb.registerHelper('join', (arr: unknown, sep: unknown, empty: unknown) =>
    Array.isArray(arr) && arr.length > 0 ? arr.map(String).join(String(sep)) : String(empty),
  );
  hb.registerHelper('pluck', (arr: unknown, key: unknown) =>
    Array.isArray(arr) ? arr.map((x) => (x as Record<string, unknown>)[String(key)]) : [],
  );
  hb.registerHelper('legs', (legs: unknown) =>
    Array.isArray(legs)
      ? (
          legs as {
            side: string;
            quantity: number;
            occSymbol: string;
            strike: string;
            right: string;
            expiry: string;
          }[]
        )
          .map(
            (l) => `${l.side} ${l.quantity} ${l.occSymbol} (${l.strike} ${l.right}, ${l.expiry})`,
          )
          .join('\n')
      : '',
  );
  hb.registerHelper('levels', (levels: unknown) =>
    Array.isArray(levels) && levels.length > 0
      ? (levels as { name: string; value: string }[]).map((l) => `${l.name} ${l.value}`).join(', ')
      : 'none',
  );
  hb.registerHelper('md', (v: unknown) => String(v).replace(MD_SPECIAL, '\\$1'));
  return hb;
}

/** templates/distribution, found by walking up from this file (works from src/ and dist/src/). */
export function defaultTemplatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'templates', 'distribution');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('templates/distribution not found');
}

type Compiled = Record<Tier, Record<TemplateName, Handlebars.TemplateDelegate<TemplateContext>>>;

export class TemplateRenderer {
  private readonly compiled: Compiled;

  /**
   * `overrides` replaces template sources by "<tier>/<name>" (tests use it to plant a broken
   * template; operators could use it for copy changes).
   */
  private readonly links: RendererLinks;

  constructor(
    templatesDir = defaultTemplatesDir(),
    overrides: Record<string, string> = {},
    links: RendererLinks = { publicBaseUrl: 'http://localhost:3000' },
  ) {
    this.links = { publicBaseUrl: links.publicBaseUrl.replace(/\/$/, '') };
    const hb = environment();
    const compiled = {} as Compiled;
    for (const tier of TIERS) {
      const files = new Set(readdirSync(join(templatesDir, tier)));
      compiled[tier] = {} as Compiled[Tier];
      for (const name of TEMPLATE_NAMES) {
        const key = `${tier}/${name}`;
        const source =
          overrides[key] ??
          (files.has(`${name}.hbs`)
            ? readFileSync(join(templatesDir, tier, `${name}.hbs`), 'utf8')
            : null);
        if (source === null) throw new Error(`missing template ${key}.hbs`);
        const template = hb.compile<TemplateContext>(source, {
          strict: true,
          noEscape: !name.endsWith('.html'),
        });
        compiled[tier][name] = template;
      }
    }
    this.compiled = compiled;
  }

  context(input: RenderInput): TemplateContext {
    const tierView = viewForTier(input.tier, input.signal);
    const view =
      tierView.tier === 'premium' && input.narrative !== undefined
        ? { ...tierView, narrative: input.narrative }
        : tierView;
    const update = input.update ? updateViewForTier(input.tier, input.signal, input.update) : null;
    if (input.update && !update) {
      throw new RenderError(`tier ${input.tier} does not receive ${input.update.kind} updates`);
    }
    const at = input.update ? input.update.at : input.signal.publishedAt;
    return {
      headline: update ? update.headline : topLine(view),
      isUpdate: update !== null,
      signal: view,
      update,
      // A follow-up is news of its own moment (the move, the close), not of the signal's quotes.
      stamp: freshnessStamp(input.update ? input.update.at : input.signal.dataAsOf),
      footer: complianceFooter(input.tier, input.delayMs),
      publishedIso: new Date(at).toISOString(),
      unsubscribeUrl: input.unsubscribeUrl ?? null,
      narrative: view.tier === 'premium' ? view.narrative : (input.narrative ?? ''),
      signalId: input.signal.id,
      whyCommand: `/why ${input.signal.id}`,
      at: newYorkTime(at),
      pricingUrl: `${this.links.publicBaseUrl}/pricing`,
      accountUrl: `${this.links.publicBaseUrl}/account`,
      hasChart: (input.attachments?.length ?? 0) > 0,
    };
  }

  render(input: RenderInput): Rendered {
    const ctx = this.context(input);
    const t = this.compiled[input.tier];
    const run = (name: TemplateName) => {
      try {
        return t[name](ctx).trim();
      } catch (err) {
        throw new RenderError(
          `template ${input.tier}/${name}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    };
    // Our own words: ids, times and links carry digits that are no signal's numbers.
    const safeFragments = [
      ctx.stamp,
      ctx.footer,
      ctx.publishedIso,
      ctx.signalId,
      ctx.at,
      ctx.pricingUrl,
      ctx.accountUrl,
    ];
    if (ctx.unsubscribeUrl) safeFragments.push(ctx.unsubscribeUrl);
    let message: RenderedMessage;
    let text: string;
    switch (input.channel) {
      case 'discord': {
        let raw: unknown;
        try {
          raw = JSON.parse(run('discord.json'));
        } catch (err) {
          if (err instanceof RenderError) throw err;
          throw new RenderError(`template ${input.tier}/discord.json is not valid JSON`);
        }
        const parsed = discordPayloadSchema.safeParse(raw);
        if (!parsed.success) {
          throw new RenderError(`discord payload invalid: ${parsed.error.issues[0]?.message}`);
        }
        const total = discordEmbedChars(parsed.data.embeds);
        if (total > DISCORD_LIMITS.embedTotal) {
          throw new RenderError(`discord embeds carry ${total} characters (max 6000)`);
        }
        message = { channel: 'discord', ...parsed.data };
        text = JSON.stringify(parsed.data);
        break;
      }
      case 'telegram': {
        const html = collapse(run('telegram.html'));
        const problems = telegramHtmlProblems(html);
        if (problems.length > 0) throw new RenderError(`telegram HTML: ${problems.join('; ')}`);
        message = { channel: 'telegram', html };
        text = html;
        break;
      }
      case 'email': {
        const subject = run('email-subject.txt').replace(/\s+/g, ' ');
        message = {
          channel: 'email',
          subject,
          html: run('email.html'),
          text: collapse(run('email.txt')),
        };
        text = `Subject: ${subject}\n\n${message.text}`;
        break;
      }
      case 'twitter': {
        const status = collapse(run('twitter.txt'));
        const weighed = xWeightedLength(status);
        if (!weighed.valid || weighed.weighted > X_MAX_WEIGHTED) {
          throw new RenderError(`post weighs ${weighed.weighted} characters on X (max 280)`);
        }
        message = { channel: 'twitter', status };
        text = status;
        break;
      }
      case 'reddit': {
        const title = redditTitle(run('reddit-title.txt'));
        message = { channel: 'reddit', title, markdown: collapse(run('reddit.md')) };
        text = `${title}\n\n${message.markdown}`;
        break;
      }
    }
    const attachments =
      input.channel === 'twitter' || input.channel === 'reddit'
        ? []
        : [...(input.attachments ?? [])];
    return { message, text, parts: messageParts(message), safeFragments, attachments };
  }
}

/** A new signal's first line: the trade (Premium), the action (Basic), the teaser (Free). */
function topLine(view: TierView): string {
  if (view.tier === 'premium') return view.tradeLine;
  if (view.tier === 'basic') return view.actionHeadline;
  return `${view.headline} — ${view.teaser}`;
}

/** Blank lines left by block helpers: at most one in a row. */
function collapse(s: string): string {
  return s
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function messageParts(m: RenderedMessage): string[] {
  switch (m.channel) {
    case 'discord':
      return [JSON.stringify({ content: m.content, embeds: m.embeds })];
    case 'telegram':
      return [m.html];
    case 'email':
      return [m.subject, m.html, m.text];
    case 'twitter':
      return [m.status];
    case 'reddit':
      return [m.title, m.markdown];
  }
}
