/**
 * The chat commands both bots answer (/status, /tier, /levels SYMBOL, /why SIGNAL_ID, /stop),
 * written once so Telegram and Discord say the same thing.
 */
import type { LevelsProvider, SignalExplainer } from './insight-ports.js';
import { capitalize } from './entitlement-sync.js';
import type { Subscriber } from './subscriber-store.js';

export const BOT_COMMANDS = ['status', 'tier', 'levels', 'why', 'stop'] as const;
export type BotCommand = (typeof BOT_COMMANDS)[number];

export class BotCommands {
  constructor(
    private readonly explainer: SignalExplainer,
    private readonly levels: LevelsProvider,
    private readonly publicBaseUrl: string,
    private readonly stop: (subscriberId: string, channel: 'telegram' | 'discord') => Promise<void>,
  ) {}

  async answer(
    command: BotCommand,
    arg: string,
    sub: Subscriber | null,
    channel: 'telegram' | 'discord',
  ): Promise<string> {
    if (!sub) {
      return 'This account is not linked to a GammaDesk subscription yet. Open the link from your GammaDesk profile to link it.';
    }
    switch (command) {
      case 'status':
        return [
          `Tier: ${capitalize(sub.tier)}${sub.paused ? ' (paused)' : ''}`,
          `Email: ${sub.emailStatus === 'verified' ? 'verified' : sub.emailStatus}`,
          `Channels: ${sub.preferences.channels.join(', ') || 'none'}`,
          `Symbols: ${sub.preferences.symbols?.join(', ') ?? 'all'}`,
          `Telegram: ${sub.telegramChatId ? 'linked' : 'not linked'}; Discord: ${sub.discordUserId ? 'linked' : 'not linked'}`,
        ].join('\n');
      case 'tier':
        return sub.tier === 'premium'
          ? 'Your tier is Premium: every signal at once, in full.'
          : `Your tier is ${capitalize(sub.tier)}. Upgrade: ${this.publicBaseUrl}/pricing`;
      case 'levels': {
        if (sub.tier !== 'premium')
          return `Levels are a Premium feature. Upgrade: ${this.publicBaseUrl}/pricing`;
        const symbol = arg.trim().toUpperCase();
        if (!/^[A-Z]{1,6}$/.test(symbol)) return 'Usage: /levels SYMBOL (for example /levels SPY)';
        return (await this.levels.levels(symbol)) ?? `Levels for ${symbol} are not available yet.`;
      }
      case 'why': {
        const signalId = arg.trim().toUpperCase();
        if (!/^SIG-\d{8}-\d{3,}$/.test(signalId))
          return 'Usage: /why SIGNAL_ID (for example /why SIG-20260302-001)';
        return (
          (await this.explainer.explain(signalId, sub.tier)) ??
          `No explanation for ${signalId} is available yet.`
        );
      }
      case 'stop':
        await this.stop(sub.id, channel);
        return 'Stopped. You will get no more signals here. Turn the channel back on in your GammaDesk profile.';
    }
  }
}
