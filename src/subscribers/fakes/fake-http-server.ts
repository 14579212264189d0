import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SystemClock, type Clock } from '../../common/clock.js';

/** One request as the fake received it, and what the fake answered. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/api/v10/webhooks/1/abc`. */
  path: string;
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
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The HTTP plumbing shared by the local platform fakes: one node:http server on 127.0.0.1, a
 * log of every request, and a queue of programmed failures consumed in order.
 */
export abstract class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  private failures: (ProgrammedFailure & { left: number })[] = [];
  private server: Server | null = null;
  private portNumber = 0;

  /** The platform's own time (wall time unless a test passes its clock). */
  constructor(protected readonly clock: Clock = new SystemClock()) {}

  get port(): number {
    return this.portNumber;
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

  /** Makes the next `times` matching requests fail with `status`. */
  fail(failure: ProgrammedFailure): void {
    this.failures.push({ ...failure, left: failure.times ?? 1 });
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
  protected abstract failureReply(failure: ProgrammedFailure, req: RecordedRequest): FakeReply;

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
    const hasBody = reply.body !== undefined && reply.status !== 204;
    res.writeHead(reply.status, {
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...reply.headers,
    });
    res.end(hasBody ? JSON.stringify(reply.body) : undefined);
  }

  private takeFailure(req: RecordedRequest): ProgrammedFailure | null {
    const f = this.failures.find((x) => x.left > 0 && matches(x, req.method, req.path));
    if (!f) return null;
    f.left -= 1;
    this.failures = this.failures.filter((x) => x.left > 0);
    return f;
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
