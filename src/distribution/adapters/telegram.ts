import { Telegraf, TelegramError } from 'telegraf';
import type { Tier } from '../../vocabulary/tier.js';
import {
  SendError,
  isNetworkError,
  kindForStatus,
  type ChannelSender,
  type OutgoingMessage,
  type SendResult,
} from '../channel-sender.js';
import { adapterLimits, type RateLimits } from '../rate-limits.js';
import type { ReservedPacer } from '../reserved-pacer.js';
import type { WindowLimiter } from '../window-limiter.js';

export interface TelegramSenderOptions {
  botToken: string;
  apiRoot: string;
  /** Group chat id per tier (broadcast rows); DMs go to the row's linked chat id. */
  groups: Partial<Record<Tier, string>>;
  /** Overall messages per second (Telegram: about 30). */
  perSecond?: number;
  /** Messages per minute into one group (Telegram: about 20). */
  perGroupPerMinute?: number;
  /** Least ms between two messages to one chat (Telegram: about one a second). */
  perChatIntervalMs?: number;
  /** Where the limiters live (shared by all workers in production); default this process. */
  limits?: RateLimits;
}

/**
 * Telegram via telegraf (HTML parse mode): tier groups and subscribers' linked private chats.
 * Under Telegram's limits: ~30 messages/s overall (evenly spaced slots reserved in batches, shared
 * through Redis), ≤ 20 in any minute per group (a sliding-window limiter, shared the same way); any
 * one chat (DM or group) gets ~1 message/s (a slot per chat, shared through Redis like the others).
 * A 429 surfaces as TelegramError with parameters.retry_after (seconds): rate_limited.
 */
export class TelegramSender implements ChannelSender {
  readonly via = 'telegram' as const;
  private readonly bot: Telegraf;
  private readonly overall: ReservedPacer;
  private readonly limits: RateLimits;
  /** This process's messages per chat, one after another a chat interval apart. */
  private readonly chatTurns = new Map<string, Promise<void>>();

  constructor(private readonly options: TelegramSenderOptions) {
    this.bot = new Telegraf(options.botToken, { telegram: { apiRoot: options.apiRoot } });
    this.limits = adapterLimits(options.limits);
    const perSecond = options.perSecond ?? 30;
    // Evenly spaced rather than a refilled bucket: a bucket lets 2× the rate through across a
    // refill boundary, which is what earns a 429. Slots come in batches, so a send waits on a
    // timer of this process, not on a round trip to Redis (which a busy event loop stretches).
    this.overall = this.limits.pacer('telegram:overall', Math.ceil(1_000 / perSecond) + 1);
  }

  private groupLimiter(chatId: string): WindowLimiter {
    return this.limits.limiter(`telegram:group:${chatId}`, {
      limit: this.options.perGroupPerMinute ?? 20,
      windowMs: 60_000,
    });
  }

  /** A little over a second: arrivals jitter, and Telegram counts them, not our starts. */
  private chatIntervalMs(): number {
    return this.options.perChatIntervalMs ?? 1_050;
  }

  async send(msg: OutgoingMessage): Promise<SendResult> {
    if (msg.message.channel !== 'telegram') {
      throw new SendError('permanent', 'not a Telegram message');
    }
    const html = msg.message.html;
    const photo = msg.attachments?.find((a) => a.contentType.startsWith('image/'));
    const direct = msg.recipient !== '';
    const chatId = direct ? msg.address : (this.options.groups[msg.tier] ?? null);
    if (!chatId)
      throw new SendError('permanent', `no Telegram chat for ${msg.tier}/${msg.recipient}`);
    const chatKey = `telegram:chat:${chatId}`;
    const interval = this.chatIntervalMs();
    // A chat (DM or group) ~1 message a second: its slot is held while the send waits and runs,
    // and until a chat interval after the send started (arrivals follow starts).
    let startedAt = 0;
    const paced = async () => {
      for (let wait = await this.limits.takeSlot(chatKey, interval); wait > 0;) {
        await sleep(wait);
        wait = await this.limits.takeSlot(chatKey, interval);
      }
      try {
        return await this.overall.schedule((): Promise<{ message_id: number }> => {
          startedAt = performance.now();
          // A message with an image goes as that photo with the message as its caption.
          if (photo)
            return this.bot.telegram.sendPhoto(
              chatId,
              { source: Buffer.from(photo.data), filename: photo.filename },
              { caption: html, parse_mode: 'HTML' },
            );
          return this.bot.telegram.sendMessage(chatId, html, {
            parse_mode: 'HTML',
            link_preview_options: { is_disabled: true },
          });
        });
      } finally {
        const held = startedAt === 0 ? interval : startedAt + interval - performance.now();
        await this.limits.releaseSlot(chatKey, Math.max(1, Math.ceil(held)));
      }
    };
    try {
      const inTurn = () => this.inChatTurn(chatId, paced, () => startedAt);
      const sent = direct ? await inTurn() : await this.groupLimiter(chatId).schedule(inTurn);
      return { providerMessageId: `${chatId}:${sent.message_id}` };
    } catch (err) {
      throw mapTelegramError(err);
    }
  }

  /**
   * Runs this process's sends to one chat one at a time, each a chat interval after the previous
   * one started, so they do not take overall slots only to find the chat's slot taken (other
   * workers' sends to the chat are still caught by the shared slot).
   */
  private inChatTurn<T>(
    chatId: string,
    send: () => Promise<T>,
    startedAt: () => number,
  ): Promise<T> {
    const previous = this.chatTurns.get(chatId) ?? Promise.resolve();
    const result = previous.then(send);
    const turn = result.then(
      () => sleep(startedAt() + this.chatIntervalMs() - performance.now()),
      () => undefined,
    );
    this.chatTurns.set(chatId, turn);
    void turn.then(() => {
      if (this.chatTurns.get(chatId) === turn) this.chatTurns.delete(chatId);
    });
    return result;
  }

  /** getMe: the bot token is valid. */
  async probe(): Promise<void> {
    try {
      await this.bot.telegram.getMe();
    } catch (err) {
      throw mapTelegramError(err);
    }
  }

  async close(): Promise<void> {
    await this.limits.close();
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

export function mapTelegramError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  if (err instanceof TelegramError) {
    const retryAfter = err.parameters?.retry_after;
    if (err.code === 429) {
      return new SendError('rate_limited', err.description, (retryAfter ?? 1) * 1000);
    }
    return new SendError(kindForStatus(err.code), `Telegram ${err.code}: ${err.description}`);
  }
  if (isNetworkError(err) || (err instanceof Error && /fetch|network|socket/i.test(err.message))) {
    return new SendError('transient', `Telegram unreachable: ${(err as Error).message}`);
  }
  return new SendError('transient', err instanceof Error ? err.message : String(err));
}
