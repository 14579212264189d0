#!/usr/bin/env node
/**
 * `npm run demo`: the whole pipeline in one process on embedded defaults — embedded PostgreSQL,
 * the in-process delay queue, the simulated market replayed on a recorded clock at DEMO_SPEED×,
 * every outbound channel writing to the outbox, and the billing story against local fake Stripe,
 * Discord and Telegram APIs. The story goes to stdout as plain lines; JSON logs (warnings and
 * up by default) go to DATA_DIR/demo.log, and the console prints them as one compact line.
 */
import { startBillingDemoFakes, runBillingDemo } from '../sandbox/story/billing-story.js';
import { mountDemoTelegram, openSubscriberPages } from '../sandbox/story/subscriber-pages.js';
import { seedDemoPeopleIn } from '../sandbox/story/demo-people.js';
import { startApp } from '../bootstrap.js';
import { join } from 'node:path';
import { DemoLog } from '../sandbox/story/demo-log.js';
import { loadDemoConfig } from './demo-defaults.js';
import { ArchiveService } from '../archive/archive.service.js';
import type { Reports } from '../reports/reports.composition.js';
import { REPORTS } from '../reports/reports.tokens.js';
import { REPORT_TITLES } from '../reports/report.js';
import { reportsOn } from '../reports/report-schedule.js';
import { writeStoredReport } from '../reports/store/report-files.js';
import { describeArchiveVerify, verifyArchive } from '../archive/manifest.js';
import { DirectorySink } from '../archive/adapters/directory-sink.js';
import { RecordService } from '../record/record.service.js';
import { DemoClock } from '../sandbox/story/demo-clock.js';
import { seedDemoHistory } from '../sandbox/story/demo-history.js';
import {
  ReportWatch,
  deliveryLines,
  reportDeliveries,
  reportWindows,
  waitForReports,
} from '../sandbox/story/demo-reports.js';
import { nyInstant } from '../common/market-calendar.js';
import { ConfigError } from '../config/config.js';
import type { AppConfig } from '../config/schema.js';
import { SIGNAL_BUS } from '../core/tokens.js';
import { distributionTimeline, formatTimeline } from '../sandbox/story/delivery-report.js';
import { IngestService } from '../market-data/ingest.service.js';
import { resolveScenarios } from '../market-data/simulator/index.js';
import { createLogger } from '../observability/logger.js';
import { installSignalHandlers } from '../shutdown.js';
import { ENGINE_REPOSITORY, type EngineRepository } from '../engine/storage/engine-repository.js';
import type { SignalBus } from '../signals/signal.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DemoStory } from '../sandbox/story/demo-story.js';
import { AdminUserError, AdminUsers } from '../admin/access/admin-users.js';
import { DATABASE } from '../core/tokens.js';
import type { Database } from '../database/database.js';

/** The replay's times on the engine clock, checked against each other. */
function demoTimes(config: AppConfig): { start: number; end: number; open: number; close: number } {
  const at = (hhmm: string) => nyInstant(config.DEMO_DATE, hhmm);
  const t = {
    start: at(config.DEMO_START),
    end: at(config.DEMO_END),
    open: at(config.DEMO_LIVE_FROM),
    close: at(config.DEMO_LIVE_TO),
  };
  const problems = [
    t.end > t.start
      ? null
      : `DEMO_END (${config.DEMO_END}) must be after DEMO_START (${config.DEMO_START})`,
    t.close > t.open
      ? null
      : `DEMO_LIVE_TO (${config.DEMO_LIVE_TO}) must be after DEMO_LIVE_FROM (${config.DEMO_LIVE_FROM})`,
  ].filter((p): p is string => p !== null);
  if (problems.length > 0) throw new ConfigError(problems);
  return t;
}

async function main(): Promise<void> {
  let config: AppConfig;
  let times: ReturnType<typeof demoTimes>;
  try {
    config = loadDemoConfig({});
    times = demoTimes(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const { start, end } = times;
  // The clock stands at the start until the app is up, then runs DEMO_SPEED× in the live window
  // and DEMO_FAST_SPEED× before and after it.
  const clock = new DemoClock({
    startMs: start,
    live: [
      { fromMs: times.open, toMs: times.close },
      ...(config.REPORTS_ENABLED ? reportWindows(config.DEMO_DATE) : []),
    ],
    speed: config.DEMO_SPEED,
    fastSpeed: config.DEMO_FAST_SPEED,
  });
  const story = new DemoStory(clock, (line) => process.stdout.write(`${line}\n`));

  // Local fake Stripe, Discord and Telegram APIs for the billing story; the app points at them.
  const fakes = await startBillingDemoFakes(clock);
  config = loadDemoConfig(fakes.env);
  // JSON logs go to a file; the story prints the warnings as one compact line now and then.
  const demoLog = new DemoLog(join(config.DATA_DIR, 'demo.log'));
  const logger = createLogger(config.LOG_LEVEL, demoLog);
  const warnings = () => {
    const line = demoLog.takeLine();
    if (line) story.print(`  ${line}`);
  };
  const scenario = config.MARKET_DATA_SIM_SCENARIO
    ? resolveScenarios([config.MARKET_DATA_SIM_SCENARIO])[0]
    : undefined;
  let historyDays = 0;
  const running = await startApp(config, {
    clock,
    logger,
    beforeListen: async (app) => {
      mountDemoTelegram(app, fakes);
      // The daily history the analytics load on their first chain, so before ingest starts.
      historyDays = await seedDemoHistory(app.get<Database>(DATABASE).dataSource, {
        seed: config.MARKET_DATA_SIM_SEED,
        date: config.DEMO_DATE,
        symbols: config.MARKET_DATA_SYMBOLS,
        scenario,
        now: clock.now(),
      });
    },
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
  story.banner(config, running.url, { ...times, wallMs: clock.wallAt(end) }, admin);
  story.print(
    `${config.MARKET_DATA_SYMBOLS.join(', ')} each start with ${historyDays} days of daily history (closes, implied volatility, options volume), so IV rank and the strategies that read past days work from the first chain.`,
  );
  // A newcomer can pay on the fake Stripe at /pricing and sign in with the printed link.
  openSubscriberPages(running.app, fakes, running.url, (line) => story.print(line));
  const bus = running.app.get<SignalBus>(SIGNAL_BUS);
  bus.onPublished((s) => story.published(s));
  bus.onUpdate((u) => story.updated(u));
  const ingest = running.app.get(IngestService);
  ingest.onSnapshot((snapshot) => story.chain(snapshot.underlying));

  // The billing story runs alongside the market replay; its lines print when it is done.
  story.section('The day, on the replay clock (New York time)');
  const reports = running.app.get<Reports>(REPORTS);
  // The demo runs the day's reports itself, at their times, with the clock paused while each is
  // written (so a slow machine does not make it late); the app's own scheduler stands down.
  void reports.scheduler.stop();
  const due = config.REPORTS_ENABLED ? reportsOn(config.DEMO_DATE) : [];
  // Before the open the market's latest chains are yesterday's close: pulled once before the
  // replay starts (the scheduler pulls on the session's clock), so the 08:30 brief has its levels.
  for (const symbol of config.MARKET_DATA_SYMBOLS)
    await ingest.pullChain(symbol).catch((err: unknown) => {
      logger.warn({ err: String(err), symbol }, 'demo could not pull the previous close');
    });
  clock.resume();
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
  const dataSource = running.app.get<Database>(DATABASE).dataSource;
  const watch = new ReportWatch(reports.gate, dataSource, config.DEMO_DATE);
  // The reports' news; while one is on its way the clock keeps the live speed, so its tiers'
  // delays play out as subscribers would see them.
  const news = async (): Promise<boolean> => {
    try {
      const { lines, progress: p } = await watch.look();
      for (const line of lines) story.event(line);
      clock.hold(p.onTheirWay > 0 ? config.DEMO_SPEED : null);
      return p.written >= p.due && p.onTheirWay === 0;
    } catch (err) {
      // A busy database: the story looks again on the next tick; the day goes on meanwhile.
      logger.warn({ err: String(err) }, 'demo could not read the reports this time');
      return false;
    }
  };
  // A report due: the clock stands still while it is written and released (so a slow machine
  // does not make it late), then keeps the live speed while it is on its way.
  const write = async (report: (typeof due)[number]): Promise<void> => {
    clock.pause();
    story.event(`${REPORT_TITLES[report.type]} due: writing it for every tier`);
    await reports.scheduler
      .runNow(report.type, report.date)
      .catch((err: unknown) =>
        story.event(
          `${REPORT_TITLES[report.type]} could not be written: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
    await news();
    clock.resume();
  };
  // Each minute of engine time: the reports' news; every five minutes of the live window a
  // progress line and the warnings since the last one.
  let lastProgress = start;
  let phase: 'before' | 'live' | 'after' | null = null;
  for (;;) {
    const now = clock.now();
    const nowPhase = now < times.open ? 'before' : now < times.close ? 'live' : 'after';
    if (nowPhase !== phase) {
      phase = nowPhase;
      story.phase(phase, config);
    }
    // Every report due by now, even when the clock ran past the end meanwhile.
    while (due.length > 0 && due[0].atMs <= Math.min(now, end)) await write(due.shift()!);
    if (now >= end) break;
    await news();
    if (phase === 'live' && now - lastProgress >= 300_000) {
      lastProgress = now;
      story.progress();
      warnings();
    }
    // A minute of engine time, but at most twice a wall second: the reports' news reads the
    // database, which the fast clock must not keep busy.
    const step = Math.max(60_000, clock.speedAt(now) * 500);
    await clock.sleep(Math.min(step, end - now, due.length > 0 ? due[0].atMs - now : Infinity));
  }
  // The day ends once its reports are delivered (a report waiting for a person is left waiting);
  // from then on the clock runs at the live speed, as the app keeps serving.
  const settled = await waitForReports(clock, news, end + 2 * 3_600_000);
  clock.hold(config.DEMO_SPEED);
  warnings();
  await Promise.all([billing, people]);

  story.section('Deliveries per signal (engine clock; outbox and ledger)');
  const timeline = await distributionTimeline(running.app, { limit: 12 });
  story.print(
    timeline.length > 0
      ? formatTimeline(timeline)
      : '  No signal was published, so none was delivered.',
  );
  const verdicts = await repository.listVerdicts();
  story.rejections(verdicts);
  story.summary(await repository.listSignals());

  // The day's reports (run by the scheduler at their times on the replay clock), as files.
  story.section('Reports (pre-market 08:30, midday 13:00, close 16:10 New York)');
  if (!settled)
    story.print('  Some reports were still on their way when the demo stopped waiting.');
  const delivered = await reportDeliveries(dataSource);
  for (const r of await reports.gate.list(config.DEMO_DATE)) {
    const dir = join(config.DATA_DIR, 'reports', r.id);
    const files = await writeStoredReport(reports.store, r.id, join(config.DATA_DIR, 'reports'));
    story.print(`  ${REPORT_TITLES[r.type]} (${r.id}), ${r.state}: ${files.length} files`);
    story.print(`    read it  ${dir}/premium.html (basic.html and free.html beside it)`);
    story.print(`    review   ${running.url ?? ''}/admin/content/${r.id}`);
    story.print(`    levels   ${running.url ?? ''}/reports/${r.date}/${r.type}/levels.json`);
    for (const line of deliveryLines(delivered.get(r.id) ?? [])) story.print(`    ${line}`);
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
