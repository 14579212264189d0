/**
 * A circuit breaker (opossum) around one outside service's calls: after repeated server-side
 * failures it fails fast for `resetTimeoutMs` instead of piling up requests on a platform that
 * is down. Client errors (4xx: our request was wrong) do not count against the service.
 */
import CircuitBreaker from 'opossum';

export interface CallGuardOptions {
  /** true for errors that are the caller's fault and must not open the breaker. */
  isClientError: (err: unknown) => boolean;
  /** Per-call time limit when the client library has none of its own (false = none). */
  timeoutMs?: number | false;
  resetTimeoutMs?: number;
  volumeThreshold?: number;
  errorThresholdPercentage?: number;
}

export class CallGuard {
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;

  constructor(
    readonly name: string,
    options: CallGuardOptions,
  ) {
    this.breaker = new CircuitBreaker((fn: () => Promise<unknown>) => fn(), {
      name,
      timeout: options.timeoutMs ?? false,
      resetTimeout: options.resetTimeoutMs ?? 30_000,
      volumeThreshold: options.volumeThreshold ?? 5,
      errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
      errorFilter: (err: unknown) => options.isClientError(err),
    });
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.breaker.fire(fn) as Promise<T>;
  }

  get opened(): boolean {
    return this.breaker.opened;
  }

  shutdown(): void {
    this.breaker.shutdown();
  }
}

/** HTTP status carried by platform client errors (Stripe, discord.js, telegraf), if any. */
export function statusOf(err: unknown): number | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as {
    statusCode?: unknown;
    status?: unknown;
    code?: unknown;
    response?: { error_code?: unknown };
  };
  for (const v of [e.statusCode, e.status, e.response?.error_code]) {
    if (typeof v === 'number') return v;
  }
  return null;
}

/** 4xx except 408/429 (those are the platform's load, not our mistake). */
export function isClientStatus(err: unknown): boolean {
  const s = statusOf(err);
  return s !== null && s >= 400 && s < 500 && s !== 408 && s !== 429;
}
