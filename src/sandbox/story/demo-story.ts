import { DateTime } from 'luxon';
import type { BillingDemoReport, BillingDemoStep } from './billing-story.js';
import type { Clock } from '../../common/clock.js';
import type { AppConfig } from '../../config/schema.js';
import type { VerdictRecord } from '../../engine/storage/engine-repository.js';
import type { SignalRecord } from '../../engine/storage/lifecycle.js';
import type { PublishedSignal, SignalUpdate } from '../../signals/signal.js';
import type { SignalOutcome } from '../../signals/signal-record.js';
import { premiumView } from '../../distribution/views.js';
import { strategyInWords } from '../../vocabulary/strategy-words.js';
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

  /**
   * `times`: the replay's start, end and session (engine ms) and the wall time it takes.
   * `admin`: the portal user the demo created (its own, so printed), or null when it made none.
   */
  banner(
    config: AppConfig,
    url: string | null,
    times: { start: number; end: number; open: number; close: number; wallMs: number },
    admin: { email: string; password: string } | null = null,
  ): void {
    const hhmm = (ms: number) => DateTime.fromMillis(ms, { zone: NEW_YORK_ZONE }).toFormat('HH:mm');
    this.out('GammaDesk demo — embedded PostgreSQL, in-process queue, simulated market, outbox');
    this.out(
      `Replaying ${config.DEMO_DATE} from ${hhmm(times.start)} to ${hhmm(times.end)} New York time: ` +
        `the session ${hhmm(times.open)}–${hhmm(times.close)} and each report's time at ${config.DEMO_SPEED}× (Basic arrives ${secs(60 / config.DEMO_SPEED)} and Free ${secs(300 / config.DEMO_SPEED)} after Premium), ` +
        `the rest at ${config.DEMO_FAST_SPEED}×; about ${Math.ceil(times.wallMs / 60_000)} minutes in all.`,
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

  /** Where the day stands: before the open, the live session, after the close. */
  phase(phase: 'before' | 'live' | 'after', config: AppConfig): void {
    const at = `[${this.stamp()} ET]`;
    if (phase === 'before')
      this.out(
        `${at} Before the open: the market shows yesterday's close; the pre-market brief is due at 08:30. The clock runs at ${config.DEMO_FAST_SPEED}×.`,
      );
    else if (phase === 'live')
      this.out(
        `${at} The replay is live: signals print as they publish, with their stop moves and closes. The clock runs at ${config.DEMO_SPEED}×.`,
      );
    else
      this.out(
        `${at} The live replay is over; the close report is due at 16:10 and goes out after its review. The clock runs at ${config.DEMO_FAST_SPEED}×.`,
      );
  }

  /** Something that happened now, as a sentence (a report built, approved, sent). */
  event(text: string): void {
    this.out(`[${this.stamp()} ET] ${text}`);
  }

  chain(symbol: string): void {
    this.chains.set(symbol, (this.chains.get(symbol) ?? 0) + 1);
  }

  published(s: PublishedSignal): void {
    this.publishedCount++;
    const view = premiumView(s);
    this.out(
      `[${this.stamp(s.publishedAt)} ET] ${s.id} ${view.tradeLine} — ${view.directionWord} ` +
        `${view.strategyWords}, confidence ${(s.confidence * 100).toFixed(0)}% ` +
        `(${s.triggeredBy.slice(0, 2).join('; ')})`,
    );
  }

  updated(u: SignalUpdate): void {
    this.updates++;
    const detail =
      u.kind === 'stop_moved'
        ? `stop → ${u.newStop === undefined ? '?' : premiumWords(u.newStop)}`
        : `closed at ${u.exitPrice === undefined ? '?' : premiumWords(u.exitPrice)} (${u.returnPct === undefined ? '?' : `${(u.returnPct * 100).toFixed(0)}%`})`;
    this.out(`[${this.stamp(u.at)} ET]   ${u.signalId} ${detail} — ${u.reason}`);
  }

  billing(report: BillingDemoReport): void {
    this.section('Billing: Stripe decides the tier; Discord roles and Telegram groups follow');
    for (const step of report.steps) this.out(`  ${billingLine(step)}`);
    this.out(`  ${report.webhooksDelivered} signed webhooks delivered`);
    this.section('The day, continued');
  }

  progress(): void {
    const chains = [...this.chains.values()].reduce((a, b) => a + b, 0);
    this.out(
      `[${this.stamp()} ET] … ${chains} chains ingested (${this.chains.size} symbols), ` +
        `${plural(this.publishedCount, 'signal')} published, ${plural(this.updates, 'follow-up')}`,
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
    if (signals.length === 0) {
      this.out('  No signal was published today.');
      return;
    }
    const byStrategy = new Map<string, number>();
    for (const s of signals) byStrategy.set(s.strategy, (byStrategy.get(s.strategy) ?? 0) + 1);
    this.out(
      `  ${plural(signals.length, 'signal')} from ${plural(byStrategy.size, 'strategy', 'strategies')}: ` +
        [...byStrategy.entries()].map(([k, n]) => `${strategyInWords(k)} ${n}`).join(', '),
    );
    for (const s of signals.slice(0, 20)) {
      const outcome = s.outcome ? outcomeWords(s.outcome) : s.status;
      this.out(`  ${s.id} ${s.symbol} ${s.direction} ${strategyInWords(s.strategy)}: ${outcome}`);
    }
  }
}

/** Seconds for a reader: "3 s", "0.5 s". */
function secs(s: number): string {
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A billing story step as a sentence: the tier and why, then where Discord and Telegram stand. */
export function billingLine(step: BillingDemoStep): string {
  const roles = step.discordRoles.length
    ? `Discord role ${step.discordRoles.join(', ')}`
    : 'no Discord role';
  const groups = (['premium', 'basic'] as const)
    .filter((t) => step.telegram[`${t}Group`] === 'member')
    .map((t) => `${t[0].toUpperCase()}${t.slice(1)} Telegram group`);
  const telegram = groups.length ? `in the ${groups.join(' and ')}` : 'in no Telegram group';
  return `${step.step}: ${step.tier} (${step.tierReason.replace(/_/g, ' ')}); ${roles}, ${telegram} — ${step.note}`;
}

function outcomeWords(o: SignalOutcome): string {
  const pct = `${o.returnPct >= 0 ? '+' : ''}${(o.returnPct * 100).toFixed(0)}%`;
  const pnl = `${o.pnl < 0 ? '−' : '+'}$${Math.abs(o.pnl).toFixed(0)}`;
  return `closed at ${premiumWords(o.exitPrice)} (${pct}, ${pnl}) — ${o.reason}`;
}

/** A premium as the console prints it: a credit (negative in the engine) as its size. */
function premiumWords(p: number): string {
  return `${Math.abs(p).toFixed(2)}${p < 0 ? ' credit' : ''}`;
}
