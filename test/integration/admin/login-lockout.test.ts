import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LOGIN_LOCKOUT,
  LoginLockout,
  lockoutKeys,
} from '../../../src/admin/access/login-lockout.js';
import { openTestDatabase } from '../../support/database.js';

describe('admin login lockout', () => {
  let lockout: LoginLockout;
  let drop: () => Promise<void>;
  const now = Date.UTC(2026, 2, 2, 15, 0);
  beforeAll(async () => {
    const ctx = await openTestDatabase();
    drop = ctx.drop;
    lockout = new LoginLockout(ctx.db.dataSource);
  });
  afterAll(async () => drop?.());

  const fail = (email: string, ip: string, at: number) => {
    const k = lockoutKeys(email, ip);
    return lockout.recordFailure({ [k.pair]: LOGIN_LOCKOUT.pair, [k.ip]: LOGIN_LOCKOUT.ip }, at);
  };
  const lockedFor = (email: string, ip: string, at: number) => {
    const k = lockoutKeys(email, ip);
    return lockout.lockedFor([k.pair, k.ip], at);
  };

  it("an attacker guessing the admin's password locks only their own address, not the admin", async () => {
    for (let i = 0; i < 40; i++) await fail('boss@example.com', '203.0.113.9', now + i);
    expect(await lockedFor('boss@example.com', '203.0.113.9', now + 40)).toBeGreaterThan(0);
    // The real admin, from their own address, signs in as usual.
    expect(await lockedFor('boss@example.com', '198.51.100.7', now + 40)).toBe(0);
    expect(await lockedFor('BOSS@example.com ', '198.51.100.7', now + 40)).toBe(0);
  });

  it('locks a pair after five failures, doubling per further failure up to 15 minutes', async () => {
    const ip = '192.0.2.1';
    for (let i = 0; i < 4; i++) expect(await fail('ed@example.com', ip, now)).toBe(0);
    expect(await fail('ed@example.com', ip, now)).toBe(30_000);
    expect(await fail('ed@example.com', ip, now)).toBe(60_000);
    for (let i = 0; i < 10; i++) await fail('ed@example.com', ip, now);
    expect(await lockedFor('ed@example.com', ip, now)).toBe(15 * 60_000);
  });

  it('locks an address that tries many accounts after 20 failures', async () => {
    const ip = '192.0.2.50';
    for (let i = 0; i < 19; i++) await fail(`user${i}@example.com`, ip, now);
    expect(await lockedFor('someone@example.com', ip, now)).toBe(0);
    await fail('user19@example.com', ip, now);
    expect(await lockedFor('someone@example.com', ip, now)).toBe(60_000);
  });
});
