/**
 * Operator alerts through the delivery pipeline, like signals and reports: each alert becomes one
 * distribution event (kind 'operator_alert') with a row per operators' channel (their Discord
 * webhook, their Telegram chat), promised at once (no tier delay), sent by the same worker with
 * the platforms' rate limits, retries and dead letters, and listed on the portal's Deliveries page.
 * Rows carry the Premium tier only because it is the tier without a delay; the sender is the
 * operators' own adapter (SenderRegistry.operator), never a subscriber channel.
 */
import type { DistributionEngineDeps } from './distribution-deps.js';
import { ts, type OperatorAlertNote, type PlannedRow } from './delivery-records.js';
import { encodeQueueJobId, parseJobKey } from './job-key.js';
import type { Rendered } from './renderer.js';
import type { OperatorChannel } from './senders.js';
import type { TierChannel } from './tier-policy.js';

export type { OperatorAlertNote } from './delivery-records.js';

export interface OperatorAlertRequest extends OperatorAlertNote {
  /** Names the alert: the same key and time plan one event, however often asked. */
  key: string;
  /** When it was raised (engine clock): the rows are promised then. */
  at: number;
}

export type OperatorAlertPlannerDeps = Pick<DistributionEngineDeps, 'clock' | 'store' | 'queue'>;

export class OperatorAlertPlanner {
  constructor(
    private readonly deps: OperatorAlertPlannerDeps,
    private readonly channels: readonly OperatorChannel[],
  ) {}

  get enabled(): boolean {
    return this.channels.length > 0;
  }

  /** Plans the alert's rows (once per key and time) and queues them; returns its event id. */
  async plan(alert: OperatorAlertRequest): Promise<{ eventId: string; rows: number } | null> {
    if (!this.enabled) return null;
    const signalId = `operator-alert:${alert.key}`.slice(0, 200);
    const note: OperatorAlertNote = { level: alert.level, title: alert.title, body: alert.body };
    const ds = this.deps.store.dataSource;
    await ds.query(
      `INSERT INTO distribution_event (signal_id, kind, signal, update, event_at)
       VALUES ($1, 'operator_alert', $2::jsonb, NULL, $3)
       ON CONFLICT (signal_id, kind, event_at) DO NOTHING`,
      [signalId, JSON.stringify(note), ts(alert.at)],
    );
    const found: { id: string }[] = await ds.query(
      `SELECT id FROM distribution_event
        WHERE signal_id = $1 AND kind = 'operator_alert' AND event_at = $2`,
      [signalId, ts(alert.at)],
    );
    const eventId = String(found[0].id);
    const rows: PlannedRow[] = this.channels.map((channel) => ({
      tier: 'premium',
      channel,
      recipient: '',
      address: null,
      unsubscribeUrl: null,
      promisedAt: alert.at,
      batch: null,
    }));
    const jobs = await this.deps.store.addRows(
      { eventId, signalId, kind: 'operator_alert', eventAt: alert.at },
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
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

/** An operator alert as its channel shows it: the title in bold, then the sentences. */
export function operatorAlertMessage(channel: TierChannel, note: OperatorAlertNote): Rendered {
  const text = `${note.title}\n${note.body}`;
  const base = { text, parts: [text], safeFragments: [text] };
  if (channel === 'discord')
    return {
      ...base,
      message: { channel, content: `**${note.title}**\n${note.body}`.slice(0, 1900), embeds: [] },
    };
  if (channel === 'telegram')
    return {
      ...base,
      message: {
        channel,
        html: `<b>${escapeHtml(note.title)}</b>\n${escapeHtml(note.body)}`.slice(0, 4000),
      },
    };
  // Not planned on other channels; should one be resent there, it reads the same as email.
  return {
    ...base,
    message: { channel: 'email', subject: note.title, html: escapeHtml(text), text },
  };
}
