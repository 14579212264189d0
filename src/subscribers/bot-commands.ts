/**
 * The chat commands both bots answer, written once so Telegram and Discord say the same thing,
 * at the caller's tier: /help, /status, /tier, /signals, /why ID, /levels SYMBOL, /performance,
 * /stop, /resume, /link. Unknown commands and bad arguments get a short helpful reply.
 * BOT_COMMAND_SPECS is also what `gammadesk discord register-commands` and `gammadesk telegram
 * set-commands` register.
 */
import { DateTime } from 'luxon';
import type { Clock } from '../common/clock.js';
import type { StrategyRecordReader } from '../signals/strategy-record.js';
import type { Tier } from '../vocabulary/tier.js';
import { NEW_YORK_ZONE } from '../vocabulary/units.js';
import { plural, recordLine, signalLine } from './bot-lines.js';
import { capitalize } from './entitlement-sync.js';
import type { DaySignals, LevelsProvider, SignalExplainer } from './insight-ports.js';
import type { Subscriber } from './subscriber-store.js';

export interface BotCommandSpec {
  name: string;
  /** 1–100 characters (Discord's and Telegram's limit is 100 and 256). */
  description: string;
  option?: { name: string; description: string; required: boolean };
}

export const BOT_COMMAND_SPECS = [
  { name: 'help', description: 'What this bot can do' },
  { name: 'status', description: 'Your plan, channels and linked accounts' },
  { name: 'tier', description: 'Your plan and what it includes' },
  { name: 'signals', description: "Today's signals at your plan" },
  {
    name: 'why',
    description: 'Why a signal fired',
    option: {
      name: 'signal_id',
      description: 'The id at the bottom of a signal, e.g. SIG-20260302-001',
      required: true,
    },
  },
  {
    name: 'levels',
    description: "Today's key option levels of a symbol",
    option: { name: 'symbol', description: 'A ticker, e.g. SPY', required: true },
  },
  { name: 'performance', description: 'The track record by strategy' },
  { name: 'stop', description: 'Stop signals here' },
  { name: 'resume', description: 'Send signals here again' },
  {
    name: 'link',
    description: 'Link this account to your GammaDesk subscription',
    option: { name: 'token', description: 'The token from your account page', required: false },
  },
] as const satisfies readonly BotCommandSpec[];

export type BotCommand = (typeof BOT_COMMAND_SPECS)[number]['name'];
export const BOT_COMMANDS: readonly BotCommand[] = BOT_COMMAND_SPECS.map((c) => c.name);

export function isBotCommand(name: string): name is BotCommand {
  return (BOT_COMMANDS as readonly string[]).includes(name);
}

export type ChatChannel = 'telegram' | 'discord';

/** What the commands beyond the first four need; without one, its command says it is not available. */
export interface BotCommandExtras {
  clock: Clock;
  /** Each tier's delay after Premium, ms (the DISTRIBUTION_DELAY_* settings). */
  delays: Record<Tier, number>;
  resume: (subscriberId: string, channel: ChatChannel) => Promise<void>;
  daySignals?: DaySignals;
  trackRecord?: StrategyRecordReader;
}

const SIGNAL_ID = /^SIG-\d{8}-\d{3,}$/;
const SYMBOL = /^[A-Z]{1,6}$/;
const MAX_SIGNAL_LINES = 15;

export class BotCommands {
  constructor(
    private readonly explainer: SignalExplainer,
    private readonly levels: LevelsProvider,
    private readonly publicBaseUrl: string,
    private readonly stop: (subscriberId: string, channel: ChatChannel) => Promise<void>,
    private readonly extras: BotCommandExtras | null = null,
  ) {}

  private get pricing(): string {
    return `${this.publicBaseUrl}/pricing`;
  }

  private get account(): string {
    return `${this.publicBaseUrl}/account`;
  }

  /** The answer to any command name (unknown ones included); `sub` null when not linked. */
  async answerAny(
    name: string,
    arg: string,
    sub: Subscriber | null,
    channel: ChatChannel,
  ): Promise<string> {
    const command = name.toLowerCase();
    if (!isBotCommand(command)) {
      return `I don't know /${name.slice(0, 32)}. Send /help for the commands I answer.`;
    }
    return this.answer(command, arg, sub, channel);
  }

  async answer(
    command: BotCommand,
    arg: string,
    sub: Subscriber | null,
    channel: ChatChannel,
  ): Promise<string> {
    if (command === 'help') return this.help(sub);
    if (command === 'link') return this.linkHelp(channel);
    if (!sub) {
      return `This ${channel === 'telegram' ? 'Telegram chat' : 'Discord account'} is not linked to a GammaDesk subscription yet. ${this.linkHelp(channel)}`;
    }
    switch (command) {
      case 'status':
        return this.status(sub);
      case 'tier':
        return this.tierText(sub.tier);
      case 'signals':
        return this.signals(sub.tier);
      case 'why':
        return this.why(arg, sub.tier);
      case 'levels':
        return this.levelsText(arg, sub.tier);
      case 'performance':
        return this.performance(sub.tier);
      case 'stop':
        await this.stop(sub.id, channel);
        return 'Stopped: no more signals here. Send /resume to turn them back on.';
      case 'resume':
        if (!this.extras) return `Turn signals back on from your account page: ${this.account}`;
        await this.extras.resume(sub.id, channel);
        return sub.paused
          ? `Resumed here, but your subscription is paused; manage it at ${this.account}`
          : 'Resumed: signals come here again.';
    }
  }

  private help(sub: Subscriber | null): string {
    const lines = BOT_COMMAND_SPECS.map(
      (c) =>
        `/${c.name}${'option' in c ? ` ${c.option.name.toUpperCase()}` : ''} — ${c.description}`,
    );
    const who = sub ? `Your plan: ${capitalize(sub.tier)}.` : 'This chat is not linked yet.';
    return [
      `GammaDesk options signals. ${who}`,
      ...lines,
      `Plans: ${this.pricing} · Your account: ${this.account}`,
    ].join('\n');
  }

  private linkHelp(channel: ChatChannel): string {
    return channel === 'telegram'
      ? `To link, open ${this.account} and press "Link Telegram"; it opens this chat with your code.`
      : `To link, copy the /link command from ${this.account} and send it here.`;
  }

  private status(sub: Subscriber): string {
    const prefs = sub.preferences;
    return [
      `Plan: ${capitalize(sub.tier)}${sub.paused ? ' (paused)' : ''}`,
      `Email: ${sub.emailStatus === 'verified' ? 'verified' : sub.emailStatus.replace(/_/g, ' ')}`,
      `Signals on: ${prefs.channels.join(', ') || 'no channel'}`,
      `Symbols: ${prefs.symbols?.join(', ') ?? 'all'}`,
      `Telegram: ${sub.telegramChatId ? 'linked' : 'not linked'} · Discord: ${sub.discordUserId ? 'linked' : 'not linked'}`,
      `Manage: ${this.account}`,
    ].join('\n');
  }

  private delayWords(tier: Tier): string {
    const ms = this.extras?.delays[tier] ?? 0;
    const s = Math.round(ms / 1000);
    if (s <= 0) return 'at once';
    return s % 60 === 0
      ? `${plural(s / 60, 'minute')} after Premium`
      : `${plural(s, 'second')} after Premium`;
  }

  private tierText(tier: Tier): string {
    if (tier === 'premium') {
      return 'Your plan is Premium: every signal the moment it fires, in full — contract, entry, stop, target, size, levels and the reasoning.';
    }
    if (tier === 'basic') {
      return `Your plan is Basic: every signal ${this.delayWords('basic')}, with the direction, the structure and a rounded strike. Premium adds the exact contract, entry, stop, target and live levels: ${this.pricing}`;
    }
    return `Your plan is Free: a short note on each setup ${this.delayWords('free')}. Basic and Premium get the trades: ${this.pricing}`;
  }

  private async signals(tier: Tier): Promise<string> {
    const source = this.extras?.daySignals;
    if (!this.extras || !source) return 'Today’s signals are not available right now.';
    const now = this.extras.clock.now();
    const dayStart = DateTime.fromMillis(now, { zone: NEW_YORK_ZONE }).startOf('day').toMillis();
    const delay = this.extras.delays[tier];
    const all = await source.publishedBetween(dayStart, now);
    const visible = all.filter((d) => d.signal.publishedAt + delay <= now);
    const waiting = all.length - visible.length;
    const later =
      waiting > 0
        ? `${plural(waiting, 'more signal')} reach${waiting === 1 ? 'es' : ''} your plan shortly.`
        : '';
    if (visible.length === 0) {
      return [`No signals yet today at your plan.`, later].filter(Boolean).join(' ');
    }
    const shown = visible.slice(-MAX_SIGNAL_LINES);
    const lines = shown.map((d) => signalLine(tier, d));
    const head = `Today's signals (${visible.length}), New York time:`;
    const more =
      visible.length > shown.length ? `…and ${visible.length - shown.length} earlier.` : '';
    const tail =
      tier === 'premium'
        ? 'Send /why ID for any of them.'
        : `Send /why ID for any of them. The full trades: ${this.pricing}`;
    return [head, more, ...lines, later, tail].filter(Boolean).join('\n');
  }

  private async why(arg: string, tier: Tier): Promise<string> {
    const id = arg.trim().toUpperCase();
    if (!id)
      return 'Send /why with a signal id, for example /why SIG-20260302-001 (the id is at the bottom of every signal).';
    if (!SIGNAL_ID.test(id)) {
      return `"${arg.trim().slice(0, 40)}" is not a signal id. Ids look like SIG-20260302-001 and are at the bottom of every signal.`;
    }
    return (
      (await this.explainer.explain(id, tier)) ??
      `I can't find ${id}. Check the id at the bottom of the signal, or send /signals for today's.`
    );
  }

  private async levelsText(arg: string, tier: Tier): Promise<string> {
    const symbol = arg.trim().toUpperCase().replace(/^\$/, '');
    if (!symbol) return 'Send /levels with a ticker, for example /levels SPY.';
    if (!SYMBOL.test(symbol))
      return `"${arg.trim().slice(0, 20)}" is not a ticker. Try /levels SPY.`;
    if (tier === 'free') {
      return `Levels are the prices where options dealers' hedging tends to pin or push ${symbol}: the gamma flip (above it moves calm down, below they speed up), the call and put walls, and max pain. Premium sees them live, Basic rounded after its delay: ${this.pricing}`;
    }
    if (tier === 'premium') {
      return (await this.levels.levels(symbol)) ?? `No levels for ${symbol} yet today.`;
    }
    const delay = this.extras?.delays.basic ?? 0;
    const rounded = this.levels.roundedLevels
      ? await this.levels.roundedLevels(symbol, delay)
      : null;
    if (!rounded) return `No levels for ${symbol} yet at your plan's delay.`;
    return `${rounded}\nRounded, as of ${this.delayWords('basic').replace(' after Premium', ' ago')}. Exact and live levels are Premium: ${this.pricing}`;
  }

  private async performance(tier: Tier): Promise<string> {
    const record = this.extras?.trackRecord;
    const page = `${this.publicBaseUrl}/track-record`;
    if (!record) return `The track record, losers included: ${page}`;
    const lines = (await record.byStrategy(tier)).filter((l) => l.trades > 0);
    if (lines.length === 0) return `No closed trades yet. The track record: ${page}`;
    return [
      `Track record by strategy, as a ${capitalize(tier)} member received the signals:`,
      ...lines.map((l) => recordLine(l, tier)),
      `Every trade, losers included: ${page}`,
    ].join('\n');
  }
}
