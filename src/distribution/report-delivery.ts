/**
 * Reports through the delivery pipeline, exactly like signals: a released report becomes one
 * distribution event (kind 'report') with a row per tier × broadcast channel and per tier ×
 * email recipient and linked Telegram chat, each promised at the release plus its tier's delay
 * (held to the end of the recipient's quiet hours, never dropped); the worker sends them with
 * the same never-early, tier-order, retry and dead-letter rules. ReportDeliveryComposer turns a
 * row into its channel's message from the tier's stored rendering.
 */
import type { ReleasedReport } from '../reports/review/report-gate.js';
import type { Report } from '../reports/report.js';
import { PostgresReportStore, type StoredRendition } from '../reports/store/report-store.js';
import type { Recipient } from '../subscribers/recipient-directory.js';
import { TIERS, type Tier } from '../vocabulary/tier.js';
import type { OutgoingAttachment } from './channel-sender.js';
import type { DistributionEngineDeps } from './distribution-deps.js';
import { ts, type DeliveryRow, type PlannedRow, type ReportEvent } from './delivery-records.js';
import { directBatches, heldUntil, type DirectRecipient } from './direct-batches.js';
import { encodeQueueJobId, parseJobKey } from './job-key.js';
import type { LeakFinding } from './leak-scanner.js';
import type { Rendered } from './renderer.js';
import { reportLeaks, reportMessage } from './report-message.js';

const PAGE = 1000;
const CACHE = 20;

export type ReportPlannerDeps = Pick<
  DistributionEngineDeps,
  'clock' | 'store' | 'queue' | 'policy' | 'directory'
> & { settings: { batchSize: number } };

export class ReportDeliveryPlanner {
  constructor(private readonly deps: ReportPlannerDeps) {}

  /** Plans a released report once (a second call adds only missing rows); returns its jobs. */
  async plan(r: ReleasedReport): Promise<{ eventId: string; rows: number }> {
    const signalId = `report:${r.reportId}`;
    const ds = this.deps.store.dataSource;
    // One event per report, whenever it is released (again): its first release time stands.
    await ds.query(
      `INSERT INTO distribution_event (signal_id, kind, signal, update, event_at)
       SELECT $1, 'report', $2::jsonb, NULL, $3
        WHERE NOT EXISTS (SELECT 1 FROM distribution_event WHERE signal_id = $1 AND kind = 'report')
       ON CONFLICT (signal_id, kind, event_at) DO NOTHING`,
      [signalId, JSON.stringify({ reportId: r.reportId, date: r.date, type: r.type }), ts(r.at)],
    );
    const found: { id: string; event_at: Date }[] = await ds.query(
      `SELECT id, event_at FROM distribution_event WHERE signal_id = $1 AND kind = 'report'
        ORDER BY id LIMIT 1`,
      [signalId],
    );
    const eventId = String(found[0].id);
    const at = found[0].event_at.getTime();
    const rows = await this.rows(at);
    const jobs = await this.deps.store.addRows(
      { eventId, signalId, kind: 'report', eventAt: at },
      rows,
    );
    const now = this.deps.clock.now();
    for (const j of jobs)
      await this.deps.queue.add(
        encodeQueueJobId({ kind: 'run', key: parseJobKey(j.jobKey) }),
        { jobKey: j.jobKey },
        { delayMs: Math.max(0, j.promisedAt - now) },
      );
    return { eventId, rows: rows.length };
  }

  private async rows(at: number): Promise<PlannedRow[]> {
    const rows: PlannedRow[] = [];
    for (const tier of TIERS) {
      const rule = this.deps.policy.rules[tier];
      const promisedAt = at + rule.delayMs;
      for (const channel of rule.channels) {
        // Every channel but email has a tier post (Telegram: the tier's group).
        if (channel !== 'email')
          rows.push({
            tier,
            channel,
            recipient: '',
            address: null,
            unsubscribeUrl: null,
            promisedAt,
            batch: null,
          });
        if (channel !== 'email' && channel !== 'telegram') continue;
        const direct: DirectRecipient[] = [];
        for await (const r of this.recipients(tier, channel)) direct.push(heldUntil(r, promisedAt));
        rows.push(...directBatches(tier, channel, direct, this.deps.settings.batchSize));
      }
    }
    return rows;
  }

  /**
   * A tier's subscribers who have the channel on: email (instant or digest: the report is its
   * own email) with a deliverable address, or a linked Telegram chat (the directory leaves out
   * members of the tier's group, who read the group's copy, unless they asked for DMs too).
   * /stop turns the channel off in the preferences, so a stopped chat gets nothing.
   */
  private async *recipients(tier: Tier, channel: 'email' | 'telegram'): AsyncGenerator<Recipient> {
    const directory = this.deps.directory;
    if (!directory) return;
    let afterId: string | undefined;
    for (;;) {
      const page = await directory.listRecipients({ tier, channel, afterId, limit: PAGE });
      for (const r of page) {
        if (!r.preferences.channels.includes(channel)) continue;
        if (channel === 'email' ? r.email : r.telegramChatId) yield r;
      }
      if (page.length < PAGE) return;
      afterId = page[page.length - 1].subscriberId;
    }
  }
}

export interface ComposedReport {
  rendered: Rendered;
  attachments: OutgoingAttachment[];
  findings: LeakFinding[];
}

export class ReportDeliveryComposer {
  private readonly store: PostgresReportStore;
  private readonly loaded = new Map<string, Promise<{ report: Report; r: StoredRendition }>>();

  constructor(deps: Pick<DistributionEngineDeps, 'store'>) {
    this.store = new PostgresReportStore(deps.store.dataSource);
  }

  async compose(row: DeliveryRow, event: ReportEvent): Promise<ComposedReport> {
    const { report, r } = await this.load(event.report.reportId, row.tier);
    const { rendered, attachments } = reportMessage(row.channel, report, r, row.unsubscribeUrl);
    return { rendered, attachments, findings: reportLeaks(row.tier, report, rendered) };
  }

  private load(reportId: string, tier: Tier) {
    const key = `${reportId}/${tier}`;
    let pending = this.loaded.get(key);
    if (!pending) {
      pending = (async () => {
        const [report, r] = await Promise.all([
          this.store.report(reportId),
          this.store.rendition(reportId, tier),
        ]);
        if (!report || !r) throw new Error(`report ${reportId} has no ${tier} rendering`);
        return { report, r };
      })();
      pending.catch(() => this.loaded.delete(key));
      this.loaded.set(key, pending);
      if (this.loaded.size > CACHE) this.loaded.delete(this.loaded.keys().next().value!);
    }
    return pending;
  }
}
