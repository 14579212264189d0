import { FakeHttpServer, type FakeReply, type RecordedRequest } from '../fake-http-server.js';

/** What a market-data fake answers instead of its normal payload, once per matching request. */
export interface ProviderFailure {
  /** Substring of the path+query the failure applies to (any request when unset). */
  match?: string;
  status?: number;
  headers?: Record<string, string>;
  /** A raw body (e.g. malformed JSON); a non-string is sent as JSON. */
  body?: unknown;
  times?: number;
  /** Wait this long before answering (to trip a client timeout). */
  delayMs?: number;
}

/** The AlphaVantage and Massive fakes on the shared base: a route per path and query. */
export abstract class FakeProviderServer extends FakeHttpServer<ProviderFailure> {
  get baseUrl(): string {
    if (!this.isListening) throw new Error('fake server not started');
    return this.origin;
  }

  /** Drops queued failures and the request log. */
  clear(): void {
    this.clearFailures();
    this.clearRequests();
  }

  protected abstract route(
    path: string,
    query: Record<string, string>,
  ): { status: number; body: unknown; headers?: Record<string, string> };

  protected handle(req: RecordedRequest): FakeReply {
    return providerReply(this.route(req.path, req.query));
  }

  protected override failureApplies(failure: ProviderFailure, req: RecordedRequest): boolean {
    return !failure.match || req.target.includes(failure.match);
  }

  protected failureReply(failure: ProviderFailure): FakeReply {
    return {
      ...providerReply({
        status: failure.status ?? 200,
        body: failure.body ?? {},
        headers: failure.headers,
      }),
      delayMs: failure.delayMs,
    };
  }
}

/** Providers always answer with a body labelled JSON; a string body goes out as it is. */
function providerReply(reply: {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}): FakeReply {
  return typeof reply.body === 'string'
    ? { status: reply.status, text: reply.body, headers: reply.headers }
    : { status: reply.status, body: reply.body, headers: reply.headers };
}
