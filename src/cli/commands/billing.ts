/**
 * `gammadesk billing reconcile` — reconcile tiers and entitlements with Stripe now (JSON report).
 * `gammadesk billing figures [--days 30]` — MRR, ARR, tiers, trials, churn and failed payments.
 * `gammadesk billing demo` — the scripted billing demo on an in-memory embedded database with
 *   local fake Stripe, Discord and Telegram APIs; prints each step.
 */
import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Command } from 'commander';
import { z } from 'zod';
import { SystemClock, type Clock } from '../../common/clock.js';
import { loadConfig } from '../../config/config.js';
import type { AppConfig } from '../../config/schema.js';
import { CoreModule } from '../../core/core.module.js';
import { Database } from '../../database/database.js';
import { CliError } from '../cli-error.js';
import { BillingModule } from '../../billing/billing.module.js';
import { BillingService } from '../../billing/billing-service.js';
import { runBillingDemo, startBillingDemoFakes } from '../../sandbox/story/billing-story.js';
import { Reconciler } from '../../billing/reconciler.js';

@Module({})
class BillingCliRoot {
  static forRoot(deps: Parameters<typeof CoreModule.forRoot>[0]): DynamicModule {
    return { module: BillingCliRoot, imports: [CoreModule.forRoot(deps), BillingModule] };
  }
}

export interface BillingCliDeps {
  env: () => Record<string, string | undefined>;
  openDatabase: (config: AppConfig) => Promise<Database>;
  clock: () => Clock;
  write: (text: string) => void;
}

const defaultDeps: BillingCliDeps = {
  env: () => process.env,
  openDatabase: (config) => Database.open(config),
  clock: () => new SystemClock(),
  write: (text) => process.stdout.write(text),
};

async function withBilling<T>(
  config: AppConfig,
  clock: Clock,
  deps: BillingCliDeps,
  fn: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const database = await deps.openDatabase(config);
  // Timers off: a one-shot command must not start the hourly jobs.
  const quiet = { ...config, BILLING_RECONCILE_INTERVAL_MS: 0, BILLING_TIER_SWEEP_INTERVAL_MS: 0 };
  const app = await NestFactory.createApplicationContext(
    BillingCliRoot.forRoot({ config: quiet, clock, database, redis: null }),
    { logger: false },
  );
  try {
    return await fn(app);
  } finally {
    await app.close();
    await database.close();
  }
}

function configFrom(env: Record<string, string | undefined>): AppConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err), 2);
  }
}

export function registerBillingCommands(
  program: Command,
  deps: BillingCliDeps = defaultDeps,
): void {
  const billing = program
    .command('billing')
    .description('Stripe billing: reconcile, figures, demo');

  billing
    .command('reconcile')
    .description('Repair tiers from Stripe and heal Discord roles / Telegram groups now')
    .action(async () => {
      const report = await withBilling(configFrom(deps.env()), deps.clock(), deps, (app) =>
        app.get(Reconciler).run('cli'),
      );
      deps.write(`${JSON.stringify(report, null, 2)}\n`);
    });

  billing
    .command('figures')
    .description('MRR, ARR, subscribers by tier, trials, churn and failed payments (JSON)')
    .option('--days <n>', 'days of daily series', '30')
    .action(async (opts: { days: string }) => {
      const days = z.coerce.number().int().min(1).max(366).safeParse(opts.days);
      if (!days.success) throw new CliError('--days must be a whole number from 1 to 366', 2);
      const figures = await withBilling(configFrom(deps.env()), deps.clock(), deps, (app) =>
        app.get(BillingService).figures(days.data),
      );
      deps.write(`${JSON.stringify(figures, null, 2)}\n`);
    });

  billing
    .command('demo')
    .description('Checkout → Premium, failed invoice → grace, cancel → Free, on local fakes')
    .action(async () => {
      const clock = deps.clock();
      const fakes = await startBillingDemoFakes(clock);
      try {
        const config = configFrom({
          ...deps.env(),
          ...fakes.env,
          DATABASE_URL: '',
          EMBEDDED_DB_IN_MEMORY: 'true',
          SMTP_URL: '',
        });
        const report = await withBilling(config, clock, deps, (app) => runBillingDemo(app, fakes));
        for (const s of report.steps) {
          deps.write(
            `${s.step.padEnd(20)} tier=${s.tier.padEnd(7)} (${s.tierReason}) discord=[${s.discordRoles.join(',')}] ` +
              `telegram premium=${s.telegram.premiumGroup} basic=${s.telegram.basicGroup} — ${s.note}\n`,
          );
        }
      } finally {
        await fakes.close();
      }
    });
}
