import { DateTime } from 'luxon';
import type { BillingDemoReport } from './billing-story.js';
import type { Clock } from '../../common/clock.js';
import type { AppConfig } from '../../config/schema.js';
import type { VerdictRecord } from '../../engine/storage/engine-repository.js';
import type { SignalRecord } from '../../engine/storage/lifecycle.js';
import type { PublishedSignal, SignalUpdate } from '../../signals/signal.js';
import { NEW_YORK_ZONE } from '../../vocabulary/units.js';

/** The demo's own portal admin user and operator token (the environment may override the token). */
export const DEMO_ADMIN_EMAIL = 'admin@gammadesk.demo';
export const DEMO_ADMIN_PASSWORD = 'gammadesk-demo-admin';
export const DEMO_OPERATOR_TOKEN = 'gammadesk-demo-operator-token';

/** The demo's narration: what happened, in plain lines, stamped with the engine clock (New York). */
export class DemoStory {
  private readonly chains = new Map<string, number>();
  private publishedCount = 0;
  private updates = 0;

  constructor(
    private readonly clock: Clock,
    private readonly out: (line: string) => void,
  ) {}

  private stamp(ms = this.clock.now()): string {
    return DateTime.fromMillis(ms, { zone: NEW_YORK_ZONE }).toFormat('HH:mm:ss');
  }

  print(text: string): void {
    this.out(text);
  }

  section(title: string): void {
    this.out(`\n── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}`);
  }

  /** `admin`: the portal user the demo created (its own, so printed), or null when it made none. */
  banner(
    config: AppConfig,
    url: string | null,
    start: number,
    admin: { email: string; password: string } | null = null,
  ): void {
    this.out('GammaDesk demo — embedded PostgreSQL, in-process queue, simulated market, outbox');
    this.out(
      `replaying ${config.DEMO_DATE} from ${DateTime.fromMillis(start, { zone: NEW_YORK_ZONE }).toFormat('HH:mm')} ET at ${config.DEMO_SPEED}× ` +
        `(Basic arrives ${60 / config.DEMO_SPEED} s and Free ${300 / config.DEMO_SPEED} s after Premium, in wall time)`,
    );
    if (url) {
      this.out(`  health     ${url}/health`);
      this.out(`  metrics    ${url}/metrics`);
      this.out(`  API docs   ${url}/docs`);
      // Credentials are printed only when they are the demo's own: a real secret the operator
      // put in the environment must not land in a terminal log.
      const token =
        config.ADMIN_API_TOKEN === DEMO_OPERATOR_TOKEN ? DEMO_OPERATOR_TOKEN : '$ADMIN_API_TOKEN';
      this.out(
        admin
          ? `  admin      ${url}/admin  (sign in: ${admin.email} / ${admin.password})`
          : `  admin      ${url}/admin  (create a user: gammadesk admin create EMAIL --role admin)`,
      );
      this.out(`  operator   curl -H "Authorization: Bearer ${token}" ${url}/api/admin/deliveries`);
    }
  }

  chain(symbol: string): void {
    this.chains.set(symbol, (this.chains.get(symbol) ?? 0) + 1);
  }

  published(s: PublishedSignal): void {
    this.publishedCount++;
    const leg = s.legs[0];
    const contract = leg ? `${leg.right} ${leg.strike} ${leg.expiry}` : 'no legs';
    this.out(
      `[${this.stamp(s.publishedAt)} ET] ${s.id} ${s.strategy} ${s.symbol} ${s.direction} — ${contract}, ` +
        `entry ${s.entry.toFixed(2)} stop ${s.stop.toFixed(2)} target ${s.target.toFixed(2)} × ${s.size}, ` +
        `confidence ${(s.confidence * 100).toFixed(0)}% (${s.triggeredBy.slice(0, 2).join('; ')})`,
    );
  }

  updated(u: SignalUpdate): void {
    this.updates++;
    const detail =
      u.kind === 'stop_moved'
        ? `stop → ${u.newStop?.toFixed(2) ?? '?'}`
        : `closed at ${u.exitPrice?.toFixed(2) ?? '?'} (${u.returnPct === undefined ? '?' : `${(u.returnPct * 100).toFixed(0)}%`})`;
    this.out(`[${this.stamp(u.at)} ET]   ${u.signalId} ${detail} — ${u.reason}`);
  }

  billing(report: BillingDemoReport): void {
    this.section('Billing: Stripe decides the tier; Discord roles and Telegram groups follow');
    for (const step of report.steps) this.out(`  ${JSON.stringify(step)}`);
    this.out(`  ${report.webhooksDelivered} signed webhooks delivered`);
    this.section('Market replay, continued');
  }

  progress(): void {
    const chains = [...this.chains.values()].reduce((a, b) => a + b, 0);
    this.out(
      `[${this.stamp()} ET] … ${chains} chains ingested (${this.chains.size} symbols), ` +
        `${this.publishedCount} signals published, ${this.updates} follow-ups`,
    );
  }

  rejections(verdicts: VerdictRecord[]): void {
    const rejected = verdicts.filter((v) => v.rejections.length > 0);
    this.section(`Risk: ${rejected.length} of ${verdicts.length} candidates rejected`);
    const byRule = new Map<string, { n: number; example: string }>();
    for (const v of rejected) {
      for (const r of v.rejections) {
        const e = byRule.get(r.rule) ?? {
          n: 0,
          example: `${v.symbol} ${v.strategy}: ${r.message}`,
        };
        e.n++;
        byRule.set(r.rule, e);
      }
    }
    for (const [rule, e] of [...byRule.entries()].sort((a, b) => b[1].n - a[1].n)) {
      this.out(`  ${String(e.n).padStart(4)} × ${rule.padEnd(28)} e.g. ${e.example}`);
    }
  }

  summary(signals: SignalRecord[]): void {
    this.section('Signals');
    const byStrategy = new Map<string, number>();
    for (const s of signals) byStrategy.set(s.strategy, (byStrategy.get(s.strategy) ?? 0) + 1);
    this.out(
      `  ${signals.length} signals from ${byStrategy.size} strategies: ` +
        [...byStrategy.entries()].map(([k, n]) => `${k} ${n}`).join(', '),
    );
    for (const s of signals.slice(0, 20)) {
      const outcome = s.outcome ? JSON.stringify(s.outcome) : s.status;
      this.out(`  ${s.id} ${s.strategy} ${s.symbol} ${s.direction}: ${outcome}`);
    }
  }
}
