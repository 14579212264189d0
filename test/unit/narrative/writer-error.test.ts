import { describe, expect, it } from 'vitest';
import { retryAfterMs, writerErrorFrom } from '../../../src/narrative/writer/writer-error.js';

const NOW = Date.UTC(2026, 2, 2, 15, 0);

describe('model call errors', () => {
  it('read retry-after as ms, seconds or an HTTP date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250' }), NOW)).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }), NOW)).toBe(2000);
    const at = new Date(NOW + 5000).toUTCString();
    expect(retryAfterMs(new Headers({ 'retry-after': at }), NOW)).toBe(5000);
    expect(retryAfterMs(new Headers(), NOW)).toBeUndefined();
  });

  it('retry rate limits and server errors, not spent quotas or client errors', () => {
    const err = (status: number, extra: Record<string, unknown> = {}) =>
      writerErrorFrom({ status, message: 'x', headers: new Headers(), ...extra }, NOW);
    expect(err(429).retryable).toBe(true);
    expect(err(500).retryable).toBe(true);
    expect(err(529).kind).toBe('server');
    expect(err(400).retryable).toBe(false);
    expect(err(429, { code: 'insufficient_quota' }).retryable).toBe(false);
    const spent = {
      type: 'error',
      error: { details: { error_code: 'enforced_spend_limit_reached' } },
    };
    expect(err(429, { error: spent }).retryable).toBe(false);
    expect(writerErrorFrom(new SyntaxError('Unexpected end of JSON'), NOW).kind).toBe('malformed');
  });
});
