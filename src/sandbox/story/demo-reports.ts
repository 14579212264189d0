/**
 * The day's reports in the demo's story: each report as it is built, waits for review and is
 * released to delivery (read from the QA gate, never acting on it), then, per tier, when it was
 * sent against its promised delay. The demo replays at its live speed while a report is on its way,
 * and waits at its end until every report the day runs is delivered (or waits for a person, when
 * approval is mandatory).
 */
import type { DataSource } from 'typeorm';
import { DateTime } from 'luxon';
import type { Clock } from '../../common/clock.js';
import { REPORT_TITLES } from '../../reports/report.js';
import { reportsOn } from '../../reports/report-schedule.js';
import type { ReportReviewSummary } from '../../reports/review/report-review-service.js';
import { NEW_YORK_ZONE } from '../../vocabulary/units.js';
import { distributionTimelineFrom, type TierDelivery } from './delivery-report.js';

/** The gate's read side, as the demo uses it. */
export interface ReportList {
  list(date: string): Promise<ReportReviewSummary[]>;
}

const hhmm = (ms: number): string =>
  DateTime.fromMillis(ms, { zone: NEW_YORK_ZONE }).toFormat('HH:mm');

/** A report's name as a reader knows it: "Pre-market brief (2026-03-10-premarket)". */
export function reportName(r: Pick<ReportReviewSummary, 'id' | 'type'>): string {
  return `${REPORT_TITLES[r.type]} (${r.id})`;
}

/** A review state as a sentence; null for a state that passes at once (approved by policy). */
export function reportStateLine(r: ReportReviewSummary): string | null {
  switch (r.state) {
    case 'pending':
      return r.autoApproveAt !== null
        ? `${reportName(r)} waits in Content QA; it is approved automatically at ${hhmm(r.autoApproveAt)} ET unless an admin approves or holds it first`
        : `${reportName(r)} waits in Content QA for an admin to approve it (approval is required)`;
    case 'approved':
      return r.decidedBy === 'policy'
        ? null
        : `${reportName(r)} approved by ${r.decidedBy ?? 'an admin'}`;
    case 'auto-approved':
      return `${reportName(r)} approved automatically (nobody held it)`;
    case 'held':
      return `${reportName(r)} held in Content QA; it will not be sent`;
    case 'sent':
      return `${reportName(r)} released: Premium gets it at once, Basic a minute later, Free after five minutes`;
  }
}

const TIER_NAMES: Record<string, string> = { premium: 'Premium', basic: 'Basic', free: 'Free' };
const TIER_COUNT = Object.keys(TIER_NAMES).length;
const CHANNEL_NAMES: Record<string, string> = {
  discord: 'Discord',
  telegram: 'Telegram',
  email: 'email',
  twitter: 'X',
  reddit: 'Reddit',
};

/** A tier's deliveries of a report: how many, where, when against the promise. */
function tierDeliveries(t: TierDelivery): string {
  const where = t.channels.map((c) => CHANNEL_NAMES[c] ?? c).join(', ');
  const failed = t.settled - t.sent;
  return (
    `${plural(t.sent, 'message')} (${where}), the first ${sentWhen(t.firstSentOffsetMs)} (promised ${duration(t.promisedOffsetMs)})` +
    (failed > 0 ? `; ${failed} could not be sent (see Deliveries in the portal)` : '')
  );
}

/** "Pre-market brief reached Basic: 2 messages (Discord, Telegram), the first 60 s after …". */
export function tierDeliveryLine(name: string, t: TierDelivery): string {
  return `${name} reached ${TIER_NAMES[t.tier] ?? t.tier}: ${tierDeliveries(t)}`;
}

/** Prints each report's news as it happens: written, its review, each tier reached. */
export class ReportWatch {
  private readonly seen = new Map<string, string>();
  private readonly reached = new Set<string>();

  constructor(
    private readonly gate: ReportList,
    private readonly dataSource: DataSource,
    private readonly date: string,
  ) {}

  /** The news since the last look, and where the day's reports stand. */
  async look(): Promise<{ lines: string[]; progress: ReportProgress }> {
    const lines: string[] = [];
    const reports = await this.gate.list(this.date);
    for (const r of reports) {
      if (!this.seen.has(r.id)) lines.push(`${reportName(r)} written for every tier`);
      if (this.seen.get(r.id) === r.state) continue;
      this.seen.set(r.id, r.state);
      const line = reportStateLine(r);
      if (line) lines.push(line);
    }
    // Deliveries are read only while a released report has a tier not yet reached.
    const travelling = reports.some(
      (r) =>
        r.state === 'sent' &&
        TIER_COUNT > [...this.reached].filter((k) => k.startsWith(`${r.id}/`)).length,
    );
    const deliveries = travelling
      ? await reportDeliveries(this.dataSource)
      : new Map<string, TierDelivery[]>();
    for (const r of reports) {
      const tiers = deliveries.get(r.id);
      if (!tiers) continue;
      // A tier not in the plan (no recipients) counts as reached.
      for (const tier of Object.keys(TIER_NAMES))
        if (!tiers.some((t) => t.tier === tier)) this.reached.add(`${r.id}/${tier}`);
      for (const t of tiers) {
        const key = `${r.id}/${t.tier}`;
        if (this.reached.has(key) || t.settled < t.deliveries) continue;
        this.reached.add(key);
        lines.push(tierDeliveryLine(REPORT_TITLES[r.type], t));
      }
    }
    const onTheirWay = reports.filter((r) => {
      // Held, or waiting for a person's approval: nothing moves until someone acts.
      if (r.state === 'held' || (r.state === 'pending' && r.autoApproveAt === null)) return false;
      if (r.state !== 'sent') return true;
      return Object.keys(TIER_NAMES).some((tier) => !this.reached.has(`${r.id}/${tier}`));
    }).length;
    return {
      lines,
      progress: { due: reportsOn(this.date).length, written: reports.length, onTheirWay },
    };
  }
}

/** Per report id, its deliveries per tier. */
export async function reportDeliveries(
  dataSource: DataSource,
): Promise<Map<string, TierDelivery[]>> {
  const out = new Map<string, TierDelivery[]>();
  for (const t of await distributionTimelineFrom(dataSource, { kind: 'report', limit: 50 }))
    out.set(t.signalId.replace(/^report:/, ''), t.tiers);
  return out;
}

/** Where the day's reports stand: how many ran, and how many of those are still on their way. */
export interface ReportProgress {
  due: number;
  written: number;
  onTheirWay: number;
}

/** Waits on the clock (a minute at a time, at most twice a wall second) until `settled` or `untilMs`. */
export async function waitForReports(
  clock: Clock & { speedAt(ms: number): number },
  settled: () => Promise<boolean>,
  untilMs: number,
): Promise<boolean> {
  for (;;) {
    if (await settled()) return true;
    if (clock.now() >= untilMs) return false;
    await clock.sleep(Math.max(60_000, clock.speedAt(clock.now()) * 500));
  }
}

function duration(ms: number | null): string {
  if (ms === null) return 'not yet';
  if (ms < 1000) return 'at once';
  const sec = ms / 1000;
  return sec < 120 ? `${sec.toFixed(0)} s` : `${(sec / 60).toFixed(1)} min`;
}

function sentWhen(ms: number | null): string {
  if (ms === null) return 'not sent yet';
  return ms < 1000 ? 'at once' : `${duration(ms)} after release`;
}

function plural(n: number, one: string): string {
  return `${n} ${n === 1 ? one : `${one}s`}`;
}

/** One line per tier for the summary. */
export function deliveryLines(tiers: readonly TierDelivery[]): string[] {
  if (tiers.length === 0) return ['not delivered yet'];
  return tiers.map((t) => `${`${TIER_NAMES[t.tier] ?? t.tier}:`.padEnd(9)}${tierDeliveries(t)}`);
}

/**
 * The engine-clock windows the demo replays at its live speed so each report starts on its
 * minute: the two minutes up to it and the one after.
 */
export function reportWindows(date: string): { fromMs: number; toMs: number }[] {
  return reportsOn(date).map((r) => ({ fromMs: r.atMs - 120_000, toMs: r.atMs + 60_000 }));
}
