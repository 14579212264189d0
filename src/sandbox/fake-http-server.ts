import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SystemClock, type Clock } from '../common/clock.js';

/** One request as the fake received it, and what the fake answered. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/api/v10/webhooks/1/abc`. */
  path: string;
  /** Path with the query string as sent. */
  target: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed body: JSON object, urlencoded form fields, multipart text fields, or null. */
  body: unknown;
  rawBody: string;
  /** Status the fake answered with. */
  status: number;
  /** Wall-clock ms when it arrived (fakes are outside the app's Clock). */
  receivedAt: number;
}

/** Which requests a programmed failure applies to; unset fields match anything. */
export interface RequestMatch {
  method?: string;
  /** A substring of the path, or a regular expression tested against it. */
  path?: string | RegExp;
}

export interface ProgrammedFailure extends RequestMatch {
  /** 429 answers in the platform's rate-limit format; anything else in its error format. */
  status: number;
  /** For 429: seconds the platform asks the client to wait. */
  retryAfterSeconds?: number;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface FakeReply {
  status: number;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is instead of `body` (e.g. malformed JSON), still labelled JSON. */
  text?: string;
  headers?: Record<string, string>;
  /** Answer only after this long (to trip a client timeout). */
  delayMs?: number;
}

/** What every programmed failure has: how many matching requests it applies to (default 1). */
export interface CountedFailure {
  times?: number;
}

/**
 * The HTTP plumbing shared by every local fake platform and provider: one node:http server on
 * 127.0.0.1, a log of every request, and a queue of programmed failures consumed in order.
 * `F` is the fake's failure description; by default a status for requests matching method/path.
 */
export abstract class FakeHttpServer<F extends CountedFailure = ProgrammedFailure> {
  readonly requests: RecordedRequest[] = [];
  private failures: { failure: F; left: number }[] = [];
  private server: Server | null = null;
  private portNumber = 0;

  /** The platform's own time (wall time unless a test passes its clock). */
  constructor(protected readonly clock: Clock = new SystemClock()) {}

  get port(): number {
    return this.portNumber;
  }

  get isListening(): boolean {
    return this.server !== null;
  }

  /** http://127.0.0.1:PORT */
  get origin(): string {
    return `http://127.0.0.1:${this.portNumber}`;
  }

  async listen(port = 0): Promise<this> {
    const server = createServer((req, res) => void this.onRequest(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.portNumber = (server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Makes the next `times` matching requests fail (each failure in the order given). */
  fail(...failures: F[]): void {
    for (const failure of failures) this.failures.push({ failure, left: failure.times ?? 1 });
  }

  clearFailures(): void {
    this.failures = [];
  }

  /** Recorded requests matching a method and/or path. */
  requestsTo(match: RequestMatch): RecordedRequest[] {
    return this.requests.filter((r) => matches(match, r.method, r.path));
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  protected abstract handle(req: RecordedRequest): FakeReply | Promise<FakeReply>;
  protected abstract failureReply(failure: F, req: RecordedRequest): FakeReply;

  /** Whether a programmed failure applies to a request: by method and path unless overridden. */
  protected failureApplies(failure: F, req: RecordedRequest): boolean {
    return matches(failure as RequestMatch, req.method, req.path);
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake.local');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    }
    const recorded: RecordedRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      target: `${url.pathname}${url.search}`,
      query: Object.fromEntries(url.searchParams.entries()),
      headers,
      body: parseBody(rawBody, headers['content-type'] ?? ''),
      rawBody,
      status: 0,
      receivedAt: this.clock.now(),
    };
    let reply: FakeReply;
    const failure = this.takeFailure(recorded);
    try {
      reply = failure ? this.failureReply(failure, recorded) : await this.handle(recorded);
    } catch (err) {
      reply = { status: 500, body: { message: err instanceof Error ? err.message : String(err) } };
    }
    recorded.status = reply.status;
    this.requests.push(recorded);
    const text =
      reply.status === 204
        ? undefined
        : (reply.text ?? (reply.body !== undefined ? JSON.stringify(reply.body) : undefined));
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(reply.status, {
        ...(text !== undefined ? { 'content-type': 'application/json' } : {}),
        ...reply.headers,
      });
      res.end(text);
    };
    if (reply.delayMs) setTimeout(send, reply.delayMs);
    else send();
  }

  private takeFailure(req: RecordedRequest): F | null {
    const f = this.failures.find((x) => x.left > 0 && this.failureApplies(x.failure, req));
    if (!f) return null;
    f.left -= 1;
    this.failures = this.failures.filter((x) => x.left > 0);
    return f.failure;
  }
}

function matches(match: RequestMatch, method: string, path: string): boolean {
  if (match.method && match.method.toUpperCase() !== method) return false;
  if (match.path === undefined) return true;
  return typeof match.path === 'string' ? path.includes(match.path) : match.path.test(path);
}

function parseBody(raw: string, contentType: string): unknown {
  if (raw.length === 0) return null;
  if (contentType.includes('application/json')) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw).entries());
  }
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (contentType.includes('multipart/form-data') && boundary) return parseMultipart(raw, boundary);
  return raw;
}

/** Text fields of a multipart body (files kept as their raw text; fakes only inspect fields). */
function parseMultipart(raw: string, boundary: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of raw.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const name = /name="([^"]+)"/.exec(head)?.[1];
    if (!name) continue;
    fields[name] = part.slice(split + 4).replace(/\r\n$/, '');
  }
  return fields;
}
