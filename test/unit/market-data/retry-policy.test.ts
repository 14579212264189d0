import { describe, expect, it } from 'vitest';
import {
  fullJitterDelay,
  isRetryableStatus,
  parseRetryAfter,
} from '../../../src/market-data/http/retry-policy.js';

describe('retry policy', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };

  it('full jitter stays under base·2^attempt and under the cap', () => {
    expect(fullJitterDelay(0, policy, () => 0.999)).toBe(99);
    expect(fullJitterDelay(2, policy, () => 0.5)).toBe(200);
    expect(fullJitterDelay(10, policy, () => 0.999)).toBe(999);
    expect(fullJitterDelay(3, policy, () => 0)).toBe(0);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 2, 2, 15, 0, 0);
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 15:00:12 GMT', now)).toBe(12_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 14:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('retries 429 and 5xx only', () => {
    expect([429, 500, 503, 400, 401, 404].map(isRetryableStatus)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
