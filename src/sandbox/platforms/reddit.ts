/**
 * Fake Reddit OAuth API for a "script" app, serving both www (token) and oauth (API) hosts.
 *
 *   const reddit = await FakeRedditApi.start({ clientId: 'cid', clientSecret: 'sec', username: 'u', password: 'p' });
 *   // REDDIT_AUTH_URL = REDDIT_API_URL = reddit.origin
 *   reddit.posts        // [{ id, name, sr, title, text, receivedAt }]
 *   reddit.fail({ status: 429, retryAfterSeconds: 1, path: '/api/submit' })
 *
 * POST /api/v1/access_token (Basic client credentials, grant_type=password) → `{ access_token,
 * token_type: 'bearer', expires_in: 86400, scope: '*' }`; wrong credentials → 401 `{ message:
 * 'Unauthorized', error: 401 }`. POST /api/submit (Bearer, kind=self, api_type=json) →
 * `{ json: { errors: [], data: { url, drafts_count, id, name } } }`; a missing title →
 * `{ json: { errors: [['NO_TEXT', 'we need something here', 'title']] } }` like Reddit.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../common/clock.js';
import {
  FakeHttpServer,
  type FakeReply,
  type ProgrammedFailure,
  type RecordedRequest,
} from '../fake-http-server.js';

export interface FakeRedditPost {
  id: string;
  name: string;
  sr: string;
  title: string;
  text: string;
  receivedAt: number;
}

export interface FakeRedditOptions {
  clock?: Clock;
  clientId?: string;
  clientSecret?: string;
  username?: string;
  password?: string;
}

export class FakeRedditApi extends FakeHttpServer {
  readonly posts: FakeRedditPost[] = [];
  private readonly tokens = new Set<string>();
  private seq = 1;

  constructor(
    private readonly options: Required<Omit<FakeRedditOptions, 'clock'>> & { clock?: Clock },
  ) {
    super(options.clock);
  }

  static async start(options: FakeRedditOptions = {}, port = 0): Promise<FakeRedditApi> {
    return new FakeRedditApi({
      clientId: options.clientId ?? 'fake-client',
      clientSecret: options.clientSecret ?? 'fake-secret',
      username: options.username ?? 'gammadesk_bot',
      password: options.password ?? 'fake-password',
      clock: options.clock,
    }).listen(port);
  }

  protected handle(req: RecordedRequest): FakeReply {
    const auth = req.headers.authorization ?? '';
    const form = (req.body ?? {}) as Record<string, string>;
    if (req.method === 'POST' && req.path === '/api/v1/access_token') {
      const expected = `Basic ${Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString('base64')}`;
      if (
        auth !== expected ||
        form.grant_type !== 'password' ||
        form.username !== this.options.username ||
        form.password !== this.options.password
      ) {
        return { status: 401, body: { message: 'Unauthorized', error: 401 } };
      }
      const token = randomBytes(12).toString('hex');
      this.tokens.add(token);
      return {
        status: 200,
        body: { access_token: token, token_type: 'bearer', expires_in: 86400, scope: '*' },
      };
    }
    if (req.method === 'POST' && req.path === '/api/submit') {
      const token = /^Bearer (.+)$/.exec(auth)?.[1];
      if (!token || !this.tokens.has(token))
        return { status: 401, body: { message: 'Unauthorized', error: 401 } };
      if (!form.title)
        return {
          status: 200,
          body: { json: { errors: [['NO_TEXT', 'we need something here', 'title']] } },
        };
      if (form.kind !== 'self' || !form.sr) {
        return {
          status: 200,
          body: { json: { errors: [['BAD_SR_NAME', 'that subreddit name is not valid', 'sr']] } },
        };
      }
      const id = (this.seq++).toString(36).padStart(6, '0');
      this.posts.push({
        id,
        name: `t3_${id}`,
        sr: form.sr,
        title: form.title,
        text: form.text ?? '',
        receivedAt: req.receivedAt,
      });
      return {
        status: 200,
        body: {
          json: {
            errors: [],
            data: {
              url: `https://www.reddit.com/r/${form.sr}/comments/${id}/`,
              drafts_count: 0,
              id,
              name: `t3_${id}`,
            },
          },
        },
      };
    }
    return { status: 404, body: { message: 'Not Found', error: 404 } };
  }

  protected failureReply(failure: ProgrammedFailure): FakeReply {
    if (failure.status === 429) {
      const wait = failure.retryAfterSeconds ?? 60;
      return {
        status: 429,
        body: { message: 'Too Many Requests', error: 429 },
        headers: {
          'retry-after': String(wait),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(wait),
          'x-ratelimit-used': '100',
        },
      };
    }
    return {
      status: failure.status,
      body: { message: 'Internal Server Error', error: failure.status },
    };
  }
}
