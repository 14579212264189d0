/**
 * Operator alerts: what the overseer raises (halts, tapers, paper-only, disabled strategies,
 * warnings, the daily summary) relayed to the operators' Discord channel and Telegram chat
 * through the delivery pipeline's own channel adapters (their rate limiters and error kinds).
 * The overseer raises an alert once per state change; here the same alert is also sent at most
 * once per window, and at most `perMinute` a minute (the rest are counted and named in the next).
 */
import type { Clock } from '../../common/clock.js';
import type { AdminConfig } from '../../config/slices.js';
import { DiscordSender } from '../../distribution/adapters/discord.js';
import { TelegramSender } from '../../distribution/adapters/telegram.js';
import type { ChannelSender } from '../../distribution/channel-sender.js';
import type { AlertRecord } from '../../overseer/alerts.js';

const REPEAT_WINDOW_MS = 10 * 60_000;
const MINUTE = 60_000;

const escapeHtml = (s: string) =>
  s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

/** One line per alert: level, what was done, and the overseer's message. */
export function alertText(a: AlertRecord, suppressed: number): string {
  const what = a.action === 'none' ? a.kind : `${a.kind} → ${a.action}`;
  const more = suppressed > 0 ? ` (+${suppressed} more alert(s) held back by the rate limit)` : '';
  return `[${a.level.toUpperCase()}] ${what}: ${a.message}${more}`;
}

export const OPERATOR_ALERTS = Symbol('OperatorAlerts');

export class OperatorAlerts {
  private readonly seen = new WeakSet<AlertRecord>();
  private readonly lastSent = new Map<string, number>();
  private window = { start: -Infinity, count: 0 };
  private held = 0;
  private seq = 0;

  constructor(
    private readonly senders: ChannelSender[],
    private readonly clock: Clock,
    private readonly perMinute: number,
    private readonly log: (message: string) => void,
  ) {}

  get enabled(): boolean {
    return this.senders.length > 0;
  }

  /** Marks alerts as already handled (the history an engine has at start-up is not re-sent). */
  prime(alerts: AlertRecord[]): void {
    for (const a of alerts) this.seen.add(a);
  }

  /** Sends the alerts not yet seen (given newest first, as the overseer lists them). Returns how many went out. */
  async relay(alerts: AlertRecord[]): Promise<number> {
    // The overseer lists newest first: reversed, then a stable sort by time keeps the raise order.
    const fresh = alerts
      .filter((a) => !this.seen.has(a))
      .reverse()
      .sort((x, y) => x.at - y.at);
    let sent = 0;
    for (const a of fresh) {
      this.seen.add(a);
      if (!this.enabled) continue;
      const key = `${a.kind}|${a.action}|${a.symbol ?? ''}|${a.strategy ?? ''}|${a.message}`;
      const now = this.clock.now();
      const last = this.lastSent.get(key);
      if (last !== undefined && now - last < REPEAT_WINDOW_MS) continue;
      if (now - this.window.start >= MINUTE) this.window = { start: now, count: 0 };
      if (this.window.count >= this.perMinute) {
        this.held += 1;
        continue;
      }
      this.window.count += 1;
      this.lastSent.set(key, now);
      const text = alertText(a, this.held);
      this.held = 0;
      await this.send(text);
      sent += 1;
    }
    return sent;
  }

  async close(): Promise<void> {
    for (const s of this.senders) await s.close?.();
  }

  private async send(text: string): Promise<void> {
    this.seq += 1;
    const id = `operator-alert-${this.clock.now()}-${this.seq}`;
    for (const sender of this.senders) {
      const message =
        sender.via === 'discord'
          ? { channel: 'discord' as const, content: text.slice(0, 1900), embeds: [] }
          : { channel: 'telegram' as const, html: escapeHtml(text).slice(0, 4000) };
      try {
        await sender.send({
          deliveryId: id,
          tier: 'premium',
          recipient: '',
          address: null,
          message,
          text,
          idempotencyKey: id,
        });
      } catch (err) {
        this.log(
          `operator alert not sent by ${sender.via}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
  }
}

/** The operators' channels configured (OPERATOR_DISCORD_WEBHOOK_URL, OPERATOR_TELEGRAM_CHAT_ID). */
export function operatorAlertSenders(config: AdminConfig): ChannelSender[] {
  const senders: ChannelSender[] = [];
  if (config.OPERATOR_DISCORD_WEBHOOK_URL) {
    senders.push(
      new DiscordSender({
        apiBase: config.DISCORD_API_BASE,
        targets: { premium: { webhook: config.OPERATOR_DISCORD_WEBHOOK_URL } },
      }),
    );
  }
  if (config.OPERATOR_TELEGRAM_CHAT_ID && config.TELEGRAM_BOT_TOKEN) {
    senders.push(
      new TelegramSender({
        botToken: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        groups: { premium: config.OPERATOR_TELEGRAM_CHAT_ID },
      }),
    );
  }
  return senders;
}
