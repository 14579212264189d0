import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBillingCommands, type BillingCliDeps } from '../../../src/cli/commands/billing.js';
import { FakeClock } from '../../../src/common/clock.js';
import { openTestDatabase } from '../../support/database.js';
import { FakeStripeServer } from '../../../src/sandbox/platforms/stripe/fake-stripe-server.js';

describe('gammadesk billing …', () => {
  let stripe: FakeStripeServer;
  const drops: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    stripe = await FakeStripeServer.start();
  });
  afterAll(async () => {
    await stripe.close();
    for (const d of drops) await d();
  });

  async function run(...args: string[]): Promise<string> {
    let out = '';
    const deps: BillingCliDeps = {
      env: () => ({
        NODE_ENV: 'test',
        STRIPE_API_HOST: '127.0.0.1',
        STRIPE_API_PORT: String(stripe.port),
        STRIPE_API_PROTOCOL: 'http',
        STRIPE_SECRET_KEY: stripe.apiKey,
      }),
      openDatabase: async () => {
        const ctx = await openTestDatabase();
        // closed by the command; the schema is dropped after the suite
        drops.push(async () => {
          await ctx.drop().catch(() => undefined);
        });
        return ctx.db;
      },
      clock: () => new FakeClock(Date.UTC(2026, 2, 2, 14, 30)),
      write: (t) => {
        out += t;
      },
    };
    const program = new Command('gammadesk').exitOverride();
    registerBillingCommands(program, deps);
    await program.parseAsync(['node', 'gammadesk', ...args]);
    return out;
  }

  it('demo prints each step with tier, roles and groups', async () => {
    const out = await run('billing', 'demo');
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(
      /^checkout completed +tier=premium .*discord=\[premium\] telegram premium=member/,
    );
    expect(lines[2]).toMatch(/tier=premium \(past_due_grace\)/);
    expect(lines[3]).toMatch(/^canceled +tier=free .*discord=\[\] telegram premium=left/);
  });

  it('reconcile reads every subscription from Stripe and prints a JSON report', async () => {
    const customer = stripe.createCustomer('cli@example.com', {});
    stripe.createSubscription(customer.id, 'price_basic_monthly');
    const report = JSON.parse(await run('billing', 'reconcile'));
    expect(report).toMatchObject({ subscriptionsChecked: 1, repairs: [], entitlementFixes: [] });
  });

  it('figures validates --days', async () => {
    const figures = JSON.parse(await run('billing', 'figures', '--days', '7'));
    expect(figures.series).toHaveLength(7);
    expect(figures.mrrCents).toBe(0);
    await expect(run('billing', 'figures', '--days', '0')).rejects.toThrow(/--days/);
  });
});
