/**
 * Fake X (Twitter) API v2 — a plain-HTTP server that twitter-api-v2 reaches through an https Agent
 * whose createConnection connects here (TWITTER_CONNECT_TO=127.0.0.1:PORT).
 *
 *   const x = await FakeTwitterApi.start({ clock });
 *   x.tweets            // [{ id, text, receivedAt }]
 *   x.fail({ status: 429, retryAfterSeconds: 2 })   // X's 429: problem JSON + x-rate-limit-* headers
 *   x.fail({ status: 500 })
 *
 * GET /2/users/me answers the account; POST /2/tweets (OAuth 1.0a user context: `Authorization: OAuth oauth_consumer_key=…`) answers
 * 201 `{ data: { id, text, edit_history_tweet_ids } }`; a tweet over 280 characters 400; the same
 * text twice 403 "duplicate content", like X.
 */
import type { Clock } from '../../common/clock.js';
import {
  FakeHttpServer,
  type FakeReply,
  type ProgrammedFailure,
  type RecordedRequest,
} from '../fake-http-server.js';

export interface FakeTweet {
  id: string;
  text: string;
  receivedAt: number;
}

export class FakeTwitterApi extends FakeHttpServer {
  readonly tweets: FakeTweet[] = [];
  private nextId = 1_860_000_000_000_000_000n;

  static async start(options: { clock?: Clock } = {}, port = 0): Promise<FakeTwitterApi> {
    return new FakeTwitterApi(options.clock).listen(port);
  }

  /** host:port for TWITTER_CONNECT_TO. */
  get connectTo(): string {
    return `127.0.0.1:${this.port}`;
  }

  protected handle(req: RecordedRequest): FakeReply {
    if (
      !(req.headers.authorization ?? '').startsWith('OAuth ') ||
      !/oauth_signature=/.test(req.headers.authorization ?? '')
    ) {
      return problem(401, 'Unauthorized', 'Unauthorized');
    }
    if (req.method === 'GET' && req.path === '/2/users/me') {
      return { status: 200, body: { data: { id: '1', name: 'GammaDesk', username: 'gammadesk' } } };
    }
    if (req.method === 'POST' && req.path === '/2/tweets') {
      const text = (req.body as { text?: unknown } | null)?.text;
      if (typeof text !== 'string' || text.length === 0) {
        return problem(
          400,
          'Invalid Request',
          'One or more parameters to your request was invalid.',
        );
      }
      if ([...text].length > 280) {
        return problem(400, 'Invalid Request', 'Your Tweet text is too long.');
      }
      if (this.tweets.some((t) => t.text === text)) {
        return problem(
          403,
          'Forbidden',
          'You are not allowed to create a Tweet with duplicate content.',
        );
      }
      const id = String(this.nextId++);
      this.tweets.push({ id, text, receivedAt: req.receivedAt });
      return { status: 201, body: { data: { id, text, edit_history_tweet_ids: [id] } } };
    }
    return problem(404, 'Not Found Error', `no route ${req.method} ${req.path}`);
  }

  protected failureReply(failure: ProgrammedFailure, req: RecordedRequest): FakeReply {
    if (failure.status === 429) {
      const reset = Math.ceil(req.receivedAt / 1000 + (failure.retryAfterSeconds ?? 900));
      return {
        ...problem(429, 'Too Many Requests', 'Too Many Requests'),
        headers: {
          'x-rate-limit-limit': '100',
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': String(reset),
        },
      };
    }
    return problem(failure.status, 'Internal Server Error', 'Internal Server Error');
  }
}

function problem(status: number, title: string, detail: string): FakeReply {
  return { status, body: { title, detail, type: 'about:blank', status } };
}
