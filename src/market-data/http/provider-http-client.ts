import CircuitBreaker from 'opossum';
import type { Clock } from '../../common/clock.js';
import { ProviderError } from './provider-error.js';
import { fullJitterDelay, isRetryableStatus, parseRetryAfter } from './retry-policy.js';

export interface ProviderHttpOptions {
  /** Provider name, used in errors and breaker naming. */
  provider: string;
  clock: Clock;
  /** Per attempt. */
  timeoutMs: number;
  /** Extra attempts after the first on 429, 5xx, timeouts and network errors. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After honoured; a longer one fails the call as `quota` instead of waiting. */
  maxRetryAfterMs: number;
  breaker: {
    /** Percentage of failed calls in the rolling window that opens the circuit. */
    errorThresholdPercentage: number;
    /** Calls in the window before the circuit may open. */
    volumeThreshold: number;
    /** How long the circuit stays open before one trial call is let through. */
    resetTimeoutMs: number;
  };
  random?: () => number;
  /** Headers sent with every request (e.g. an Authorization header). */
  headers?: Record<string, string>;
}

export interface HttpTextResponse {
  status: number;
  url: string;
  body: string;
  headers: Headers;
  /** Attempts made, 1 when the first succeeded. */
  attempts: number;
}

/** Fields hidden when a URL is shown in errors or logs. */
const SECRET_PARAMS = ['apikey', 'apiKey', 'api_key', 'token'];

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const p of SECRET_PARAMS) if (u.searchParams.has(p)) u.searchParams.set(p, '***');
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * GET with a per-attempt timeout (AbortSignal), retries with full-jitter backoff on 429/5xx and
 * transport errors (Retry-After honoured), and one opossum circuit breaker per provider. Backoff
 * sleeps go through the injected Clock so tests run them instantly. A whole call (all its
 * attempts) counts once towards the breaker; 4xx answers other than 429 do not count, since
 * they say nothing about the provider's health.
 */
export class ProviderHttpClient {
  private readonly breaker: CircuitBreaker<[string, AbortSignal | undefined], HttpTextResponse>;
  private readonly random: () => number;

  constructor(private readonly options: ProviderHttpOptions) {
    this.random = options.random ?? Math.random;
    this.breaker = new CircuitBreaker(
      (url: string, signal: AbortSignal | undefined) => this.getWithRetries(url, signal),
      {
        name: `${options.provider}-http`,
        timeout: false,
        resetTimeout: options.breaker.resetTimeoutMs,
        errorThresholdPercentage: options.breaker.errorThresholdPercentage,
        volumeThreshold: options.breaker.volumeThreshold,
        errorFilter: (err: unknown) =>
          err instanceof ProviderError &&
          (err.kind === 'bad_request' || err.kind === 'not_found' || err.kind === 'auth'),
      },
    );
  }

  get circuitState(): 'closed' | 'open' | 'half-open' {
    if (this.breaker.opened) return 'open';
    if (this.breaker.halfOpen) return 'half-open';
    return 'closed';
  }

  async getText(url: string, signal?: AbortSignal): Promise<HttpTextResponse> {
    try {
      return await this.breaker.fire(url, signal);
    } catch (err) {
      if (err instanceof ProviderError) throw err;
      if (this.breaker.opened || (err instanceof Error && /Breaker is open/i.test(err.message))) {
        throw new ProviderError(this.options.provider, 'circuit_open', 'circuit breaker is open', {
          cause: err,
        });
      }
      throw err;
    }
  }

  /** Stops the breaker's rolling-window timer. */
  shutdown(): void {
    this.breaker.shutdown();
  }

  private async getWithRetries(
    url: string,
    signal: AbortSignal | undefined,
  ): Promise<HttpTextResponse> {
    const { provider, retries, clock } = this.options;
    let lastError = new ProviderError(provider, 'network', 'no attempt made');
    for (let attempt = 0; attempt <= retries; attempt++) {
      let waitMs: number | null = null;
      let res: Omit<HttpTextResponse, 'attempts'> | null = null;
      try {
        res = await this.attempt(url, signal);
      } catch (err) {
        // Transport failures are worth another attempt, unless the caller gave up.
        const transient =
          err instanceof ProviderError && (err.kind === 'timeout' || err.kind === 'network');
        if (!transient || signal?.aborted) throw err;
        lastError = err;
      }
      if (res) {
        if (res.status >= 200 && res.status < 300) return { ...res, attempts: attempt + 1 };
        const err = statusError(provider, res.status, url, res.body);
        if (!isRetryableStatus(res.status)) throw err;
        waitMs = parseRetryAfter(res.headers.get('retry-after'), clock.now());
        if (waitMs !== null && waitMs > this.options.maxRetryAfterMs) {
          throw new ProviderError(provider, 'quota', `Retry-After of ${waitMs} ms is too long`, {
            status: res.status,
          });
        }
        lastError = err;
      }
      if (attempt < retries) {
        await clock.sleep(waitMs ?? fullJitterDelay(attempt, this.options, this.random));
      }
    }
    throw lastError;
  }

  private async attempt(
    url: string,
    callerSignal: AbortSignal | undefined,
  ): Promise<Omit<HttpTextResponse, 'attempts'>> {
    const { provider, timeoutMs } = this.options;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = callerSignal ? AbortSignal.any([timeout, callerSignal]) : timeout;
    try {
      const res = await fetch(url, {
        signal,
        headers: { accept: 'application/json, text/csv;q=0.9', ...this.options.headers },
      });
      const body = await res.text();
      return { status: res.status, url, body, headers: res.headers };
    } catch (err) {
      if (timeout.aborted) {
        throw new ProviderError(provider, 'timeout', `no answer within ${timeoutMs} ms`, {
          cause: err,
        });
      }
      if (callerSignal?.aborted) throw new ProviderError(provider, 'timeout', 'request aborted');
      throw new ProviderError(provider, 'network', `request to ${redactUrl(url)} failed`, {
        cause: err,
      });
    }
  }
}

function statusError(provider: string, status: number, url: string, body: string): ProviderError {
  const snippet = body.slice(0, 200);
  const where = redactUrl(url);
  if (status === 429) {
    return new ProviderError(provider, 'quota', `HTTP 429 from ${where}`, { status });
  }
  if (status === 401 || status === 403) {
    return new ProviderError(provider, 'auth', `HTTP ${status} from ${where}: ${snippet}`, {
      status,
    });
  }
  if (status === 404)
    return new ProviderError(provider, 'not_found', `HTTP 404 from ${where}`, { status });
  if (status >= 500) {
    return new ProviderError(provider, 'server', `HTTP ${status} from ${where}`, { status });
  }
  return new ProviderError(provider, 'bad_request', `HTTP ${status} from ${where}: ${snippet}`, {
    status,
  });
}
