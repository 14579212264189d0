#!/usr/bin/env node
/**
 * `npm run demo`: the whole pipeline in one process on embedded defaults — embedded PostgreSQL,
 * the in-process delay queue, the simulated market replayed on a recorded clock at DEMO_SPEED×,
 * every outbound channel writing to the outbox, and the billing story against local fake Stripe,
 * Discord and Telegram APIs. The story goes to stdout as plain lines; JSON logs (warnings and
 * up by default) go to DATA_DIR/demo.log, and the console prints them as one compact line.
 */
import { startBillingDemoFakes, runBillingDemo } from '../sandbox/story/billing-story.js';
import {
  DEMO_TELEGRAM_PATH,
  mountDemoTelegram,
  openSubscriberPages,
} from '../sandbox/story/subscriber-pages.js';
import { seedDemoPeopleIn } from '../sandbox/story/demo-people.js';
import { startApp } from '../bootstrap.js';
import { join } from 'node:path';
import { DemoLog } from '../sandbox/story/demo-log.js';
import { ArchiveService } from '../archive/archive.service.js';
import type { Reports } from '../reports/reports.composition.js';
import { REPORTS } from '../reports/reports.tokens.js';
import { writeStoredReport } from '../reports/store/report-files.js';
import { describeArchiveVerify, verifyArchive } from '../archive/manifest.js';
import { DirectorySink } from '../archive/adapters/directory-sink.js';
import { RecordService } from '../record/record.service.js';
import { ScaledClock } from '../common/clock.js';
import { nyInstant } from '../common/market-calendar.js';
import { ConfigError, loadConfigFromProcess } from '../config/config.js';
import type { AppConfig } from '../config/schema.js';
import { SIGNAL_BUS } from '../core/tokens.js';
import { distributionTimeline, formatTimeline } from '../sandbox/story/delivery-report.js';
import { IngestService } from '../market-data/ingest.service.js';
import { SYMBOL_PROFILES, simulatorConfigSchema } from '../market-data/simulator/index.js';
import { createLogger } from '../observability/logger.js';
import { installSignalHandlers } from '../shutdown.js';
import { ENGINE_REPOSITORY, type EngineRepository } from '../engine/storage/engine-repository.js';
import type { SignalBus } from '../signals/signal.js';
import {
  DEMO_ADMIN_EMAIL,
  DEMO_ADMIN_PASSWORD,
  DEMO_OPERATOR_TOKEN,
  DemoStory,
} from '../sandbox/story/demo-story.js';
import { AdminUserError, AdminUsers } from '../admin/access/admin-users.js';
import { DATABASE } from '../core/tokens.js';
import type { Database } from '../database/database.js';

/**
 * Demo defaults: the caller's environment still wins for anything it sets. Analytics uses the
 * simulated market's own rate and dividend yields, as it would use a live market's.
 */
const DEMO_DEFAULTS: Record<string, string> = {
  ANALYTICS_RISK_FREE_RATE: String(
    simulatorConfigSchema.parse({ seed: 1, symbols: ['SPY'], date: '2026-03-02' }).rate,
  ),
  ANALYTICS_DIVIDEND_YIELDS: Object.entries(SYMBOL_PROFILES)
    .map(([symbol, p]) => `${symbol}:${p.dividendYield}`)
    .join(','),
  EMBEDDED_DB_IN_MEMORY: 'true',
  LOG_LEVEL: 'warn',
  ADMIN_API_TOKEN: DEMO_OPERATOR_TOKEN,
  MARKET_DATA_PROVIDER: 'simulator',
  // /account's "Link Telegram" opens the local stand-in for t.me (the fake Telegram's bot).
  ACCOUNT_TELEGRAM_LINK_BASE: DEMO_TELEGRAM_PATH,
  // The trend_day scenario (docs/strategies.md: QQQ trends up, NVDA breaks out on news at 11:00)
  // beside a plain SPY, so the day shows several strategies, not only the scalp.
  DEMO_DATE: '2026-03-10',
  MARKET_DATA_SIM_SCENARIO: 'trend_day',
  MARKET_DATA_SYMBOLS: 'SPY,QQQ,NVDA',
  ENGINE_SYMBOLS: 'SPY,QQQ,NVDA',
  // The fake Stripe's annual prices, so demo people pay yearly as well as monthly.
  STRIPE_PRICE_PREMIUM_ANNUAL: 'price_premium_annual',
  STRIPE_PRICE_BASIC_ANNUAL: 'price_basic_annual',
};

function scaledPlatformLimits(config: AppConfig): Record<string, string> {
  return {
    TELEGRAM_GROUP_MESSAGES_PER_MINUTE: String(
      Math.ceil(config.TELEGRAM_GROUP_MESSAGES_PER_MINUTE * config.DEMO_SPEED),
    ),
    TELEGRAM_CHAT_INTERVAL_MS: String(
      Math.floor(config.TELEGRAM_CHAT_INTERVAL_MS / config.DEMO_SPEED),
    ),
  };
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfigFromProcess({}, DEMO_DEFAULTS);
    // Telegram's limits are wall-clock, the replay runs at DEMO_SPEED×: the local fake Telegram
    // gets them scaled by the speed, so a replayed minute may carry what a real minute may.
    config = loadConfigFromProcess({}, { ...DEMO_DEFAULTS, ...scaledPlatformLimits(config) });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const start = nyInstant(config.DEMO_DATE, config.DEMO_START);
  const end = nyInstant(config.DEMO_DATE, config.DEMO_END);
  const clock = new ScaledClock(start, config.DEMO_SPEED);
  const story = new DemoStory(clock, (line) => process.stdout.write(`${line}\n`));

  // Local fake Stripe, Discord and Telegram APIs for the billing story; the app points at them.
  const fakes = await startBillingDemoFakes(clock);
  config = loadConfigFromProcess(fakes.env, DEMO_DEFAULTS);
  // JSON logs go to a file; the story prints the warnings as one compact line now and then.
  const demoLog = new DemoLog(join(config.DATA_DIR, 'demo.log'));
  const logger = createLogger(config.LOG_LEVEL, demoLog);
  const warnings = () => {
    const line = demoLog.takeLine();
    if (line) story.print(`  ${line}`);
  };
  const running = await startApp(config, {
    clock,
    logger,
    beforeListen: (app) => mountDemoTelegram(app, fakes),
  });
  const close = async () => {
    await running.close();
    await fakes.close();
  };
  installSignalHandlers(close, logger, config.SHUTDOWN_GRACE_MS);

  // The demo's own portal admin, printed in the banner (kept if an earlier run made it).
  const admin = { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD };
  await new AdminUsers(running.app.get<Database>(DATABASE).dataSource)
    .create(admin.email, 'admin', admin.password, clock.now())
    .catch((err: unknown) => {
      if (!(err instanceof AdminUserError)) throw err;
    });
  story.banner(config, running.url, start, admin);
  // A newcomer can pay on the fake Stripe at /pricing and sign in with the printed link.
  openSubscriberPages(running.app, fakes, running.url, (line) => story.print(line));
  const bus = running.app.get<SignalBus>(SIGNAL_BUS);
  bus.onPublished((s) => story.published(s));
  bus.onUpdate((u) => story.updated(u));
  running.app.get(IngestService).onSnapshot((snapshot) => story.chain(snapshot.underlying));

  // The billing story runs alongside the market replay; its lines print when it is done.
  story.section('Market replay (signals as they publish; stop moves and closes)');
  const billing = runBillingDemo(running.app).then(
    (report) => story.billing(report),
    (err: unknown) => story.print(`billing story failed: ${String(err)}`),
  );
  // Demo subscribers across the tiers and channels, for the portal's subscriber and billing
  // pages; after the billing story, so the embedded database serves one story at a time.
  const people = billing
    .then(() => seedDemoPeopleIn(running.app, fakes))
    .then(
      (s) =>
        story.print(
          `Demo people: ${s.people} subscribers (premium ${s.byTier.premium}, basic ${s.byTier.basic}, free ${s.byTier.free}); find them in the portal under Subscribers`,
        ),
      (err: unknown) => story.print(`demo people failed: ${String(err)}`),
    );

  const repository = running.app.get<EngineRepository>(ENGINE_REPOSITORY);
  // A progress line every five minutes of engine time.
  const progress = setInterval(() => {
    story.progress();
    warnings();
  }, 300_000 / config.DEMO_SPEED);
  progress.unref();
  await clock.sleep(end - clock.now());
  clearInterval(progress);
  warnings();
  await Promise.all([billing, people]);

  story.section('Deliveries per signal (engine clock; outbox and ledger)');
  story.print(formatTimeline(await distributionTimeline(running.app, { limit: 12 })));
  const verdicts = await repository.listVerdicts();
  story.rejections(verdicts);
  story.summary(await repository.listSignals());

  // The day's reports (run by the scheduler at their times on the replay clock), as files.
  const reports = running.app.get<Reports>(REPORTS);
  story.section('Reports (premarket 08:30, intraday 13:00, close 16:10 New York)');
  for (const r of await reports.gate.list(config.DEMO_DATE)) {
    const files = await writeStoredReport(reports.store, r.id, join(config.DATA_DIR, 'reports'));
    story.print(
      `${r.id}: ${r.state}${r.state === 'pending' ? ' (auto-approves 10 minutes after it was built)' : ''}; ${files.length} files in ${join(config.DATA_DIR, 'reports', r.id)} (premium.html, basic.html, free.html, …); review at ${running.url ?? ''}/admin/content/${r.id}; levels at ${running.url ?? ''}/reports/${r.date}/${r.type}/levels.json`,
    );
  }

  // The day ends with its compliance archive in the data directory, checked as a reader would.
  await running.app.get(RecordService).services.recorder.flush();
  const archive = running.app.get(ArchiveService).job;
  const day = await archive.exportDay(config.DEMO_DATE);
  const checked = await verifyArchive(new DirectorySink(archive.location));
  story.section('Compliance archive');
  story.print(
    `${day.files.reduce((n, f) => n + f.rows, 0)} rows in ${day.files.length} files and a manifest: ${archive.location}/${day.date}`,
  );
  story.print(`gammadesk archive verify ${archive.location}: ${describeArchiveVerify(checked)}`);

  if (config.DEMO_EXIT) {
    await close();
    process.exit(0);
  }
  story.print(
    `\nThe session is replayed; GammaDesk keeps serving ${running.url ?? ''} — Ctrl-C stops it.`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
