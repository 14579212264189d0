import { z } from 'zod';
import {
  SendError,
  kindForStatus,
  type ChannelSender,
  type OutgoingMessage,
  type SendResult,
} from '../channel-sender.js';
import { adapterLimits, type RateLimits } from '../rate-limits.js';
import type { WindowLimiter } from '../window-limiter.js';

export interface RedditSenderOptions {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  subreddit: string;
  /** https://www.reddit.com (token endpoint). */
  authUrl: string;
  /** https://oauth.reddit.com (API). */
  apiUrl: string;
  userAgent?: string;
  /** Milliseconds since epoch on the wall clock, for token expiry. */
  wallNow: () => number;
  /** Where the limiter lives (shared by all workers in production); default this process. */
  limits?: RateLimits;
}

const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number() });
const submitSchema = z.object({
  json: z.object({
    errors: z.array(z.array(z.unknown())),
    data: z
      .object({ id: z.string(), name: z.string().optional(), url: z.string().optional() })
      .optional(),
  }),
});

/**
 * Free teasers as self-posts on a subreddit: a Reddit "script" app over Node's fetch —
 * POST /api/v1/access_token (password grant, Basic auth) then POST /api/submit (Bearer),
 * with api_type=json so errors come back in json.errors. The token is cached until shortly
 * before it expires; a 401 drops it.
 */
export class RedditSender implements ChannelSender {
  readonly via = 'reddit' as const;
  private token: { value: string; expiresAt: number } | null = null;
  private readonly limiter: WindowLimiter;
  private readonly limits: RateLimits;

  constructor(private readonly options: RedditSenderOptions) {
    this.limits = adapterLimits(options.limits);
    this.limiter = this.limits.limiter('reddit:posts', { limit: 1, windowMs: 1_000 });
  }

  private get userAgent(): string {
    return this.options.userAgent ?? `node:gammadesk:1.0 (by /u/${this.options.username})`;
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > this.options.wallNow() + 60_000)
      return this.token.value;
    const basic = Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString(
      'base64',
    );
    const res = await fetch(`${this.options.authUrl}/api/v1/access_token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${basic}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        'User-Agent': this.userAgent,
      },
      body: new URLSearchParams({
        grant_type: 'password',
        username: this.options.username,
        password: this.options.password,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw httpError('token', res);
    const parsed = tokenSchema.safeParse(await res.json());
    if (!parsed.success) throw new SendError('permanent', 'Reddit token response not understood');
    this.token = {
      value: parsed.data.access_token,
      expiresAt: this.options.wallNow() + parsed.data.expires_in * 1000,
    };
    return this.token.value;
  }

  async send(msg: OutgoingMessage): Promise<SendResult> {
    if (msg.message.channel !== 'reddit') throw new SendError('permanent', 'not a Reddit post');
    const { title, markdown } = msg.message;
    return this.limiter
      .schedule(() => this.submit(title, markdown))
      .catch((err: unknown) => {
        // Dropped while waiting for its turn (shutdown): transient, like any unfinished send.
        if (err instanceof SendError) throw err;
        throw new SendError('transient', err instanceof Error ? err.message : String(err));
      });
  }

  private async submit(title: string, markdown: string): Promise<SendResult> {
    try {
      const token = await this.accessToken();
      const res = await fetch(`${this.options.apiUrl}/api/submit`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          'User-Agent': this.userAgent,
        },
        body: new URLSearchParams({
          api_type: 'json',
          kind: 'self',
          sr: this.options.subreddit,
          title,
          text: markdown,
          resubmit: 'true',
        }),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.status === 401) this.token = null;
      if (!res.ok) throw httpError('submit', res);
      const parsed = submitSchema.safeParse(await res.json());
      if (!parsed.success)
        throw new SendError('transient', 'Reddit submit response not understood');
      const { errors, data } = parsed.data.json;
      if (errors.length > 0) {
        const first = errors[0].map(String);
        const kind = first[0] === 'RATELIMIT' ? 'rate_limited' : 'permanent';
        throw new SendError(
          kind,
          `Reddit: ${first.join(' ')}`,
          kind === 'rate_limited' ? 60_000 : undefined,
        );
      }
      if (!data) throw new SendError('transient', 'Reddit submit returned no post');
      return { providerMessageId: data.name ?? data.id };
    } catch (err) {
      if (err instanceof SendError) throw err;
      throw new SendError(
        'transient',
        `Reddit unreachable: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  /** A fresh password-grant token: client id, secret, username and password are right. */
  async probe(): Promise<void> {
    this.token = null;
    try {
      await this.accessToken();
    } catch (err) {
      if (err instanceof SendError) throw err;
      throw new SendError(
        'transient',
        `Reddit unreachable: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  async close(): Promise<void> {
    await this.limits.close();
  }
}

function httpError(step: string, res: Response): SendError {
  const retryAfter = Number(res.headers.get('retry-after'));
  return new SendError(
    kindForStatus(res.status),
    `Reddit ${step} ${res.status}`,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
  );
}
