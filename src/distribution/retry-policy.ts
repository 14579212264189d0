/**
 * When a failed send is tried again: a 429 after the platform's retry_after (plus a little
 * jitter), anything else transient after an exponential back-off with equal jitter; a permanent
 * error, or a transient one on the last allowed attempt, is final (dead-lettered). A 429 is never
 * final and uses up no attempt: the platform asked to wait, it did not fail.
 */
import type { SendError } from './channel-sender.js';

export interface RetrySettings {
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export class RetryPolicy {
  constructor(
    private readonly settings: RetrySettings,
    private readonly random: () => number = Math.random,
  ) {}

  /** Whether this failure dead-letters the row (`attempts` counts the attempt that just failed). */
  isFinal(err: SendError, attempts: number): boolean {
    if (err.kind === 'rate_limited') return false;
    return err.kind === 'permanent' || attempts >= this.settings.maxAttempts;
  }

  /** Whether the failed attempt counts toward the attempt budget. */
  countsAsAttempt(err: SendError): boolean {
    return err.kind !== 'rate_limited';
  }

  /** Wall ms to wait before the next attempt. */
  delayMs(err: SendError, attempt: number): number {
    if (err.kind === 'rate_limited' && err.retryAfterMs !== undefined) {
      return err.retryAfterMs + Math.round(this.random() * Math.min(1_000, err.retryAfterMs * 0.1));
    }
    const { backoffBaseMs, backoffMaxMs } = this.settings;
    const cap = Math.min(backoffMaxMs, backoffBaseMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(cap / 2 + this.random() * (cap / 2));
  }
}
