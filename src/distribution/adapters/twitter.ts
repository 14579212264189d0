import { Agent as HttpsAgent } from 'node:https';
import { connect, type Socket } from 'node:net';
import { ApiRequestError, ApiResponseError, TwitterApi } from 'twitter-api-v2';
import {
  SendError,
  kindForStatus,
  type ChannelSender,
  type OutgoingMessage,
  type SendResult,
} from '../channel-sender.js';
import { adapterLimits, type RateLimits } from '../rate-limits.js';
import type { WindowLimiter } from '../window-limiter.js';

export interface TwitterSenderOptions {
  appKey: string;
  appSecret: string;
  accessToken: string;
  accessSecret: string;
  /** host:port that every request connects to in plain HTTP (a local fake); unset = real API. */
  connectTo?: string;
  /** Wall clock for X's rate-limit reset (epoch seconds); injected so logic stays testable. */
  wallNow?: () => number;
  /** Where the limiter lives (shared by all workers in production); default this process. */
  limits?: RateLimits;
}

/**
 * Free teasers on Twitter/X through twitter-api-v2 (OAuth 1.0a user context, POST /2/tweets).
 * The library has no base-URL option; for a local fake we hand it an https Agent whose
 * createConnection opens a plain TCP socket to the fake instead of a TLS one. Tweets go out one at
 * a time, at most one a second (X allows a few hundred posts per 3 h window per user).
 */
export class TwitterSender implements ChannelSender {
  readonly via = 'twitter' as const;
  private readonly client: TwitterApi;
  private readonly limiter: WindowLimiter;
  private readonly limits: RateLimits;

  constructor(private readonly options: TwitterSenderOptions) {
    this.limits = adapterLimits(options.limits);
    this.limiter = this.limits.limiter('twitter:posts', { limit: 1, windowMs: 1_000 });
    const settings = options.connectTo ? { httpAgent: redirectAgent(options.connectTo) } : {};
    this.client = new TwitterApi(
      {
        appKey: options.appKey,
        appSecret: options.appSecret,
        accessToken: options.accessToken,
        accessSecret: options.accessSecret,
      },
      settings,
    );
  }

  /** GET /2/users/me with the app's user context: all four keys are right. */
  async probe(): Promise<void> {
    try {
      await this.client.v2.me();
    } catch (err) {
      throw mapTwitterError(err, this.options.wallNow);
    }
  }

  async send(msg: OutgoingMessage): Promise<SendResult> {
    if (msg.message.channel !== 'twitter') throw new SendError('permanent', 'not a tweet');
    const status = msg.message.status;
    try {
      const res = await this.limiter.schedule(() => this.client.v2.tweet(status));
      return { providerMessageId: res.data.id };
    } catch (err) {
      throw mapTwitterError(err, this.options.wallNow);
    }
  }

  async close(): Promise<void> {
    await this.limits.close();
  }
}

function redirectAgent(hostPort: string): HttpsAgent {
  const [host, port] = hostPort.split(':');
  class RedirectAgent extends HttpsAgent {
    override createConnection(): Socket {
      return connect({ host, port: Number(port) });
    }
  }
  return new RedirectAgent({ keepAlive: false });
}

export function mapTwitterError(err: unknown, wallNow?: () => number): SendError {
  if (err instanceof SendError) return err;
  if (err instanceof ApiResponseError) {
    if (err.code === 429) {
      const reset = err.rateLimit?.reset;
      const retryAfter =
        reset && wallNow ? Math.max(1_000, reset * 1000 - wallNow()) : 15 * 60 * 1000;
      return new SendError('rate_limited', 'X rate limit reached', retryAfter);
    }
    const detail = JSON.stringify(err.data).slice(0, 300);
    return new SendError(kindForStatus(err.code), `X ${err.code}: ${detail}`);
  }
  if (err instanceof ApiRequestError) {
    return new SendError('transient', `X unreachable: ${err.requestError.message}`);
  }
  return new SendError('transient', err instanceof Error ? err.message : String(err));
}
