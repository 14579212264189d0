/**
 * `gammadesk billing reconcile` — reconcile tiers and entitlements with Stripe now (JSON report).
 * `gammadesk billing figures [--days 30]` — MRR, ARR, tiers, trials, churn and failed payments.
 * `gammadesk billing demo` — the scripted billing demo on an in-memory embedded database with
 *   local fake Stripe, Discord and Telegram APIs; prints each step.
 */
import { Logger } from '@nestjs/common';
import type { Command } from 'commander';
import { z } from 'zod';
import { SystemClock, type Clock } from '../../common/clock.js';
import { loadConfig } from '../../config/config.js';
import type { AppConfig } from '../../config/schema.js';
import { Database } from '../../database/database.js';
import { CliError } from '../cli-error.js';
import { createBillingServices, type BillingServices } from '../../billing/billing.composition.js';
import {
  createSubscriberServices,
  type SubscriberServices,
} from '../../subscribers/subscribers.composition.js';
import {
  runBillingStory,
  startBillingDemoFakes,
  type BillingStoryDeps,
} from '../../sandbox/story/billing-story.js';

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

/** The billing and subscriber services of one command run (no HTTP: webhooks go in-process). */
interface ComposedBilling extends BillingStoryDeps {
  subscribers: SubscriberServices;
  billing: BillingServices;
}

/** The billing services, composed as the app composes them, without its timers or HTTP. */
async function withBilling<T>(
  config: AppConfig,
  clock: Clock,
  deps: BillingCliDeps,
  fn: (services: ComposedBilling) => Promise<T>,
): Promise<T> {
  // Machine output goes to stdout: the services' Nest log lines stay off, as in a quiet app.
  Logger.overrideLogger(false);
  const database = await deps.openDatabase(config);
  try {
    const { dataSource } = database;
    const subscribers = createSubscriberServices({ dataSource, config, clock });
    const billing = createBillingServices({ dataSource, config, clock, subscribers });
    return await fn({ config, clock, subscribers, billing, url: null });
  } finally {
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
      const report = await withBilling(configFrom(deps.env()), deps.clock(), deps, (services) =>
        services.billing.reconciler.run('cli'),
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
      const figures = await withBilling(configFrom(deps.env()), deps.clock(), deps, (services) =>
        services.billing.billing.figures(days.data),
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
        const report = await withBilling(config, clock, deps, (services) =>
          runBillingStory(services, fakes),
        );
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
