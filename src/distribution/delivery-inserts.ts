/**
 * The pieces of the ledger's inserts: job keys of planned rows, the unnest columns (with the claim
 * of a row inserted claimed), and the rows and jobs just inserted.
 */
import { encodeJobKey } from './job-key.js';
import {
  ts,
  type DeliveryRow,
  type EventKind,
  type PlannedJob,
  type PlannedRow,
  type QueuedJob,
} from './delivery-records.js';

/** A row's job key; with an empty event id, the tail the database puts after the id it assigns. */
export function rowJobKey(eventId: string, r: PlannedRow): string {
  return encodeJobKey(
    r.batch === null
      ? { kind: 'broadcast', eventId, tier: r.tier, channel: r.channel }
      : { kind: 'batch', eventId, tier: r.tier, channel: r.channel, batch: r.batch },
  );
}

/**
 * The per-row arrays of an unnest insert: tier, channel, recipient, address, link, promise, and
 * the claim time of a row inserted claimed (null: scheduled).
 */
export function rowColumns(rows: PlannedRow[]): unknown[] {
  return [
    rows.map((r) => r.tier),
    rows.map((r) => r.channel),
    rows.map((r) => r.recipient),
    rows.map((r) => r.address),
    rows.map((r) => r.unsubscribeUrl),
    rows.map((r) => ts(r.promisedAt)),
    rows.map((r) => (r.claimedAt === undefined ? null : ts(r.claimedAt))),
  ];
}

/** A row inserted claimed is `sending` since its claim time, its first attempt counted. */
export const CLAIMED_COLUMNS = `CASE WHEN t.since IS NULL THEN 'scheduled' ELSE 'sending' END,
                CASE WHEN t.since IS NULL THEN 0 ELSE 1 END, t.since`;

/** Rows of a replayed plan are inserted scheduled: its jobs are queued, not run on these rows. */
export const unclaimed = (rows: PlannedRow[]): PlannedRow[] =>
  rows.map(({ claimedAt: _claimed, ...r }) => r);

/** Earliest promise first, then by key (as scheduledJobs orders them). */
export const earliestFirst = (a: QueuedJob, b: QueuedJob) =>
  a.promisedAt - b.promisedAt || (a.jobKey < b.jobKey ? -1 : 1);

/** Rows just inserted, as their jobs (each with its rows, in id order). */
export function jobsOfRows(rows: DeliveryRow[]): PlannedJob[] {
  const byKey = new Map<string, DeliveryRow[]>();
  for (const row of [...rows].sort((a, b) => Number(a.id) - Number(b.id))) {
    const group = byKey.get(row.jobKey);
    if (group) group.push(row);
    else byKey.set(row.jobKey, [row]);
  }
  return [...byKey]
    .map(([jobKey, group]) => ({
      jobKey,
      promisedAt: group.reduce((min, r) => Math.min(min, r.promisedAt), Infinity),
      rows: group,
    }))
    .sort(earliestFirst);
}

/** A row as the insert wrote it (the columns the insert does not set are their defaults). */
export function insertedRow(
  ref: { eventId: string; signalId: string; kind: EventKind; eventAt: number },
  r: PlannedRow,
  id: string,
  jobKey: string,
): DeliveryRow {
  const claimed = r.claimedAt !== undefined;
  return {
    id,
    eventId: ref.eventId,
    signalId: ref.signalId,
    kind: ref.kind,
    tier: r.tier,
    channel: r.channel,
    recipient: r.recipient,
    address: r.address,
    unsubscribeUrl: r.unsubscribeUrl,
    publishedAt: ref.eventAt,
    promisedAt: r.promisedAt,
    jobKey,
    status: claimed ? 'sending' : 'scheduled',
    attempts: claimed ? 1 : 0,
    sendingSince: r.claimedAt ?? null,
    sentAt: null,
    providerMessageId: null,
    sentVia: null,
    lastError: null,
    text: null,
  };
}
