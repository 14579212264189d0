/**
 * The shared part of the local fake model APIs (Anthropic, OpenAI): the accepted key, the scripted
 * reply, one endpoint that programmed failures apply to, and what a fake can be told to do to the
 * next requests, in either provider's format: can be told to do to the next requests, in either provider's format:
 * an HTTP error (429 with retry-after, 5xx), a malformed body, or a slow answer (a hang past a
 * time budget).
 */
import type { Clock } from '../../common/clock.js';
import {
  FakeHttpServer,
  type CountedFailure,
  type FakeReply,
  type RecordedRequest,
} from '../fake-http-server.js';

export interface LlmFailure extends CountedFailure {
  /** Answer with this HTTP status in the provider's error format. */
  status?: number;
  /** With 429 (or 529): the retry-after header, seconds. */
  retryAfterSeconds?: number;
  /** Answer 200 with a body that is not valid JSON. */
  malformed?: boolean;
  /** Answer (normally, unless status/malformed say otherwise) only after this many wall ms. */
  delayMs?: number;
}

/** The model's reply: fixed text, or text computed from the request's prompt. */
export type LlmReply = string | ((prompt: string) => string);

/** Rough token count of a text (4 characters a token), for usage figures. */
export function roughTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** The bearer token or x-api-key a request carries. */
export function presentedKey(headers: Record<string, string>): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
  return bearer ?? headers['x-api-key'];
}

export interface FakeLlmOptions {
  apiKey?: string;
  reply?: LlmReply;
  clock?: Clock;
}

export abstract class FakeLlmApi extends FakeHttpServer<LlmFailure> {
  readonly apiKey: string;
  reply: LlmReply;
  protected nextId = 1;

  constructor(
    /** The model endpoint's path, e.g. /v1/messages. */
    protected readonly endpoint: string,
    defaultKey: string,
    options: FakeLlmOptions,
  ) {
    super(options.clock);
    this.apiKey = options.apiKey ?? defaultKey;
    this.reply = options.reply ?? 'The market is quiet.';
  }

  /** Requests to the model endpoint (what a cache must spare). */
  modelRequests(): RecordedRequest[] {
    return this.requestsTo({ method: 'POST', path: this.endpoint });
  }

  protected override failureApplies(_f: LlmFailure, req: RecordedRequest): boolean {
    return req.method === 'POST' && req.path === this.endpoint;
  }

  /** A successful answer, or the provider's auth/validation error. */
  protected abstract answer(req: RecordedRequest): FakeReply;
  /** The provider's error reply for a status (429: with its retry-after headers). */
  protected abstract errorReply(status: number, retryAfterSeconds?: number): FakeReply;
  /** The provider's 404 for an unknown path. */
  protected abstract notFound(req: RecordedRequest): FakeReply;
  /** A 200 whose body is cut off mid-JSON. */
  protected abstract truncatedBody(): string;

  protected handle(req: RecordedRequest): FakeReply {
    return req.method === 'POST' && req.path === this.endpoint
      ? this.answer(req)
      : this.notFound(req);
  }

  protected failureReply(failure: LlmFailure, req: RecordedRequest): FakeReply {
    const delay = failure.delayMs ? { delayMs: failure.delayMs } : {};
    if (failure.malformed) return { status: 200, text: this.truncatedBody(), ...delay };
    if (failure.status === undefined) return { ...this.answer(req), ...delay };
    return { ...this.errorReply(failure.status, failure.retryAfterSeconds), ...delay };
  }

  protected replyText(prompt: string): string {
    return typeof this.reply === 'function' ? this.reply(prompt) : this.reply;
  }
}
