import { describe, expect, it } from 'vitest';
import { CallGuard, isClientStatus } from '../../../src/subscribers/call-guard.js';

const failing = (status: number) => async () => {
  throw Object.assign(new Error(`status ${status}`), { statusCode: status });
};

describe('CallGuard', () => {
  it('opens after repeated server errors and then fails fast', async () => {
    const guard = new CallGuard('t1', { isClientError: isClientStatus, volumeThreshold: 3 });
    for (let i = 0; i < 3; i++) await expect(guard.run(failing(500))).rejects.toThrow('status 500');
    expect(guard.opened).toBe(true);
    let called = false;
    await expect(
      guard.run(async () => {
        called = true;
      }),
    ).rejects.toThrow(/open/i);
    expect(called).toBe(false);
    guard.shutdown();
  });

  it('does not count client errors (4xx except 408/429) against the service', async () => {
    const guard = new CallGuard('t2', { isClientError: isClientStatus, volumeThreshold: 3 });
    for (let i = 0; i < 5; i++) await expect(guard.run(failing(404))).rejects.toThrow('status 404');
    expect(guard.opened).toBe(false);
    expect(await guard.run(async () => 42)).toBe(42);
    expect(isClientStatus({ statusCode: 429 })).toBe(false);
    expect(isClientStatus({ response: { error_code: 400 } })).toBe(true);
    guard.shutdown();
  });
});
