import {
  DiscordAPIError,
  HTTPError,
  RateLimitError,
  REST,
  Routes,
  WebhookClient,
  type APIMessage,
} from 'discord.js';
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
import type { WindowLimiter } from '../window-limiter.js';

export interface DiscordTarget {
  /** Webhook URL (…/webhooks/{id}/{token}) or "id/token". */
  webhook?: string;
  /** Bot mode: channel id, with DiscordSenderOptions.botToken. */
  channelId?: string;
}

export interface DiscordSenderOptions {
  /** REST base, e.g. https://discord.com/api (a local fake in tests). */
  apiBase: string;
  targets: Partial<Record<Tier, DiscordTarget>>;
  botToken?: string;
  /** Where the limiters live (shared by all workers in production); default this process. */
  limits?: RateLimits;
}

export function parseWebhook(value: string): { id: string; token: string } {
  const parts = value.replace(/\?.*$/, '').split('/').filter(Boolean);
  const token = parts.at(-1);
  const id = parts.at(-2);
  if (!id || !token || !/^\d+$/.test(id)) throw new Error(`not a Discord webhook: ${value}`);
  return { id, token };
}

/**
 * Discord per tier channel. Webhook mode uses discord.js WebhookClient (one per tier, each behind
 * a limiter of 5 requests in any 2 s, Discord's webhook limit; a bot channel's limiter is the
 * same). Bot mode posts to a channel with `nonce` + `enforce_nonce`, so a re-send after a crash
 * returns the first message instead of posting twice; webhooks do not accept a nonce. discord.js's
 * own retries are off (retries: 0, rate limits rejected): the delivery worker owns retries and
 * records them in the ledger.
 */
export class DiscordSender implements ChannelSender {
  readonly via = 'discord' as const;
  private readonly webhooks = new Map<Tier, WebhookClient>();
  private readonly channels = new Map<Tier, string>();
  private readonly limiters = new Map<Tier, WindowLimiter>();
  private readonly rest: REST | null;
  /** Unauthenticated REST for probing webhooks (their token is in the path). */
  private readonly probeRest: REST;
  private readonly hooks = new Map<Tier, { id: string; token: string }>();
  private readonly limits: RateLimits;

  constructor(options: DiscordSenderOptions) {
    this.limits = adapterLimits(options.limits);
    const restOptions = {
      api: options.apiBase,
      retries: 0,
      timeout: 10_000,
      rejectOnRateLimit: () => true,
    };
    this.rest = options.botToken ? new REST(restOptions).setToken(options.botToken) : null;
    this.probeRest = new REST(restOptions);
    for (const [tier, target] of Object.entries(options.targets) as [Tier, DiscordTarget][]) {
      let key: string;
      if (target.channelId && this.rest) {
        this.channels.set(tier, target.channelId);
        key = `discord:channel:${target.channelId}`;
      } else if (target.webhook) {
        const hook = parseWebhook(target.webhook);
        this.hooks.set(tier, hook);
        this.webhooks.set(tier, new WebhookClient(hook, { rest: restOptions }));
        key = `discord:webhook:${hook.id}`;
      } else continue;
      this.limiters.set(tier, this.limits.limiter(key, { limit: 5, windowMs: 2_000 }));
    }
  }

  /** Each tier's webhook (GET answers for a live webhook), and the bot token (GET users/@me). */
  async probe(): Promise<void> {
    try {
      if (this.rest) await this.rest.get(Routes.user('@me'));
      for (const hook of this.hooks.values())
        await this.probeRest.get(Routes.webhook(hook.id, hook.token), { auth: false });
    } catch (err) {
      throw mapDiscordError(err);
    }
  }

  hasTier(tier: Tier): boolean {
    return this.limiters.has(tier);
  }

  async send(msg: OutgoingMessage): Promise<SendResult> {
    if (msg.message.channel !== 'discord')
      throw new SendError('permanent', 'not a Discord message');
    const { content, embeds } = msg.message;
    // Files uploaded with the message; an embed shows one as `attachment://<filename>`.
    const files = (msg.attachments ?? []).map((a) => ({
      name: a.filename,
      data: Buffer.from(a.data),
      contentType: a.contentType,
    }));
    const limiter = this.limiters.get(msg.tier);
    if (!limiter) throw new SendError('permanent', `no Discord channel for tier ${msg.tier}`);
    try {
      return await limiter.schedule(async () => {
        const channelId = this.channels.get(msg.tier);
        if (channelId && this.rest) {
          const sent = (await this.rest.post(Routes.channelMessages(channelId), {
            body: { content, embeds, nonce: msg.idempotencyKey.slice(0, 25), enforce_nonce: true },
            ...(files.length ? { files } : {}),
          })) as APIMessage;
          return { providerMessageId: sent.id };
        }
        const hook = this.webhooks.get(msg.tier)!;
        const sent = await hook.send({
          content,
          embeds,
          ...(files.length
            ? { files: files.map((f) => ({ attachment: f.data, name: f.name })) }
            : {}),
        });
        return { providerMessageId: sent.id };
      });
    } catch (err) {
      throw mapDiscordError(err);
    }
  }

  async close(): Promise<void> {
    for (const hook of this.webhooks.values()) hook.destroy();
    await this.limits.close();
  }
}

export function mapDiscordError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  if (err instanceof RateLimitError) {
    return new SendError('rate_limited', `Discord rate limited (${err.route})`, err.retryAfter);
  }
  if (err instanceof DiscordAPIError || err instanceof HTTPError) {
    return new SendError(kindForStatus(err.status), `Discord ${err.status}: ${err.message}`);
  }
  if (isNetworkError(err) || (err instanceof Error && err.name === 'AbortError')) {
    return new SendError('transient', `Discord unreachable: ${(err as Error).message}`);
  }
  return new SendError('transient', err instanceof Error ? err.message : String(err));
}
