/**
 * A failed model call, classified the same way for every provider so the service can decide:
 * 429 and 5xx (and 529 overloaded) are retried within the budget, honouring the provider's
 * retry-after; a timeout, a malformed body or another 4xx is not.
 */
export type WriterFailureKind =
  'rate_limited' | 'server' | 'timeout' | 'aborted' | 'network' | 'malformed' | 'client';

export class NarrativeWriterError extends Error {
  constructor(
    readonly kind: WriterFailureKind,
    message: string,
    readonly status?: number,
    /** What the provider asked us to wait before retrying, ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'NarrativeWriterError';
  }

  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'server' || this.kind === 'network';
  }
}

/** The parts of an SDK error (Anthropic's and OpenAI's APIError share them) the mapping reads. */
interface SdkErrorLike {
  name?: string;
  message?: string;
  status?: number;
  headers?: Headers | Record<string, string>;
  /** OpenAI: the error's code ("insufficient_quota"). */
  code?: unknown;
  /** Anthropic: the error body ({ type: 'error', error: { type, message, details? } }). */
  error?: unknown;
}

/** 429s that mean money ran out, not "slow down": retrying cannot help. */
function quotaExhausted(e: SdkErrorLike): boolean {
  if (e.code === 'insufficient_quota') return true;
  const body = e.error as { error?: { details?: { error_code?: unknown } } } | undefined;
  return body?.error?.details?.error_code === 'enforced_spend_limit_reached';
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** An SDK's transport error classes (its errors do not all carry a distinctive `name`). */
export interface SdkErrorClasses {
  aborted: ErrorClass;
  timeout: ErrorClass;
  connection: ErrorClass;
}

/**
 * Classifies whatever an SDK call threw. `now` (epoch ms on the caller's clock) turns an HTTP-date
 * retry-after into a delay.
 */
export function writerErrorFrom(
  err: unknown,
  now: number,
  sdk?: SdkErrorClasses,
): NarrativeWriterError {
  if (err instanceof NarrativeWriterError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as SdkErrorLike;
  const message = e.message ?? String(err);
  const name = e.name ?? '';
  if ((sdk && err instanceof sdk.aborted) || name === 'APIUserAbortError' || name === 'AbortError')
    return new NarrativeWriterError('aborted', message);
  // Timeout before connection: the SDKs' timeout class extends their connection error class.
  if ((sdk && err instanceof sdk.timeout) || name === 'APIConnectionTimeoutError')
    return new NarrativeWriterError('timeout', message);
  if ((sdk && err instanceof sdk.connection) || name === 'APIConnectionError')
    return new NarrativeWriterError('network', message);
  if (err instanceof SyntaxError) return new NarrativeWriterError('malformed', message);
  const status = typeof e.status === 'number' ? e.status : undefined;
  if (status === undefined) return new NarrativeWriterError('malformed', message);
  const wait = retryAfterMs(e.headers, now);
  if (status === 429 && quotaExhausted(e))
    return new NarrativeWriterError('client', message, status);
  if (status === 429) return new NarrativeWriterError('rate_limited', message, status, wait);
  if (status >= 500) return new NarrativeWriterError('server', message, status, wait);
  if (status === 408) return new NarrativeWriterError('timeout', message, status);
  return new NarrativeWriterError('client', message, status);
}

/** `retry-after-ms`, else `retry-after` as seconds or an HTTP date; undefined when absent. */
export function retryAfterMs(
  headers: Headers | Record<string, string> | undefined,
  now: number,
): number | undefined {
  if (!headers) return undefined;
  const get = (name: string): string | null =>
    headers instanceof Headers ? headers.get(name) : (headers[name] ?? null);
  const ms = Number(get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = get('retry-after');
  if (raw === null) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
