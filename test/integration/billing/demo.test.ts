import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterEach, describe, expect, it } from 'vitest';
import { BillingModule } from '../../../src/billing/billing.module.js';
import {
  runBillingDemo,
  startBillingDemoFakes,
  type BillingDemoFakes,
} from '../../../src/sandbox/story/billing-story.js';
import { FakeClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import { CoreModule } from '../../../src/core/core.module.js';
import { openTestDatabase } from '../../support/database.js';

@Module({})
class DemoRoot {
  static forRoot(deps: Parameters<typeof CoreModule.forRoot>[0]): DynamicModule {
    return { module: DemoRoot, imports: [CoreModule.forRoot(deps), BillingModule] };
  }
}

describe('runBillingDemo', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function boot(listen: boolean) {
    const clock = new FakeClock(Date.UTC(2026, 2, 2, 14, 30));
    const fakes: BillingDemoFakes = await startBillingDemoFakes(clock);
    cleanups.push(() => fakes.close());
    const ctx = await openTestDatabase();
    cleanups.push(() => ctx.drop());
    const config = loadConfig({
      NODE_ENV: 'test',
      BILLING_RECONCILE_INTERVAL_MS: '0',
      ...fakes.env,
    });
    const app = await NestFactory.create(
      DemoRoot.forRoot({ config, clock, database: ctx.db, redis: null }),
      {
        rawBody: true,
        logger: false,
      },
    );
    cleanups.push(() => app.close());
    if (listen) await app.listen(0, '127.0.0.1');
    else await app.init();
    return { app, fakes };
  }

  it.each([
    ['over HTTP webhooks', true],
    ['in-process (no HTTP role)', false],
  ])(
    'checkout → Premium, failed invoice → grace, cancel → Free, with roles and groups (%s)',
    async (_label, listen) => {
      const { app, fakes } = await boot(listen);
      const report = await runBillingDemo(app);
      expect(
        report.steps.map((s) => [s.step, s.tier, s.discordRoles, s.telegram.premiumGroup]),
      ).toEqual([
        ['signed up', 'free', [], 'left'],
        ['checkout completed', 'premium', ['premium'], 'member'],
        ['payment failed', 'premium', ['premium'], 'member'],
        ['canceled', 'free', [], 'left'],
      ]);
      expect(report.steps[2].tierReason).toBe('past_due_grace');
      expect(report.webhooksDelivered).toBe(6);
      expect(fakes.stripe.deliveries.length).toBe(listen ? 6 : 0);
    },
  );
});
