/** Rows of the delivery ledger as the code sees them, and their mapping from SQL results. */
import type { Tier } from '../vocabulary/tier.js';
import type { PublishedSignal, SignalUpdate } from '../signals/signal.js';
import type { TierChannel } from './tier-policy.js';

export type DeliveryStatus = 'scheduled' | 'sending' | 'sent' | 'dead' | 'blocked';
export type EventKind = 'signal' | SignalUpdate['kind'] | 'digest' | 'report' | 'operator_alert';

export interface PlannedRow {
  tier: Tier;
  channel: TierChannel;
  /** subscriberId, '' for broadcasts. */
  recipient: string;
  address: string | null;
  unsubscribeUrl: string | null;
  promisedAt: number;
  /** Batch of a direct channel's fan-out (rows of one batch are sent by one job); null: broadcast. */
  batch: number | null;
  /**
   * Engine ms: the row is inserted claimed (`sending` since then, its first attempt counted), for
   * the job that runs on it at once — its claim costs no statement of its own.
   */
  claimedAt?: number;
}

export interface DeliveryRow {
  id: string;
  eventId: string;
  signalId: string;
  kind: EventKind;
  tier: Tier;
  channel: TierChannel;
  recipient: string;
  address: string | null;
  unsubscribeUrl: string | null;
  publishedAt: number;
  promisedAt: number;
  jobKey: string;
  status: DeliveryStatus;
  attempts: number;
  sendingSince: number | null;
  sentAt: number | null;
  providerMessageId: string | null;
  sentVia: string | null;
  lastError: string | null;
  text: string | null;
}

/** A signal or one of its follow-ups. */
export interface SignalEvent {
  id: string;
  signal: PublishedSignal;
  update: SignalUpdate | null;
  digest?: undefined;
  report?: undefined;
  operatorAlert?: undefined;
}

/** One tier's digest of a New York trading day. */
export interface DigestRef {
  /** 'YYYY-MM-DD', New York. */
  day: string;
  tier: Tier;
}

export interface DigestEvent {
  id: string;
  digest: DigestRef;
  /** The digest's send time: the day's events up to it are in it. */
  at: number;
  report?: undefined;
  operatorAlert?: undefined;
}

/** A scheduled report released by the QA gate (its renderings are in the reports' store). */
export interface ReportRef {
  /** `<date>-<type>`. */
  reportId: string;
  date: string;
  type: string;
}

export interface ReportEvent {
  id: string;
  report: ReportRef;
  /** The release time: the tier delays run from here. */
  at: number;
  digest?: undefined;
  operatorAlert?: undefined;
}

/** An overseer alert for the operators' own channels (operator-alert-delivery.ts). */
export interface OperatorAlertNote {
  level: 'info' | 'warning' | 'critical';
  /** One line: what happened ("Trading halted"). */
  title: string;
  /** What the operator reads below it: sentences, already written. */
  body: string;
}

export interface OperatorAlertEvent {
  id: string;
  operatorAlert: OperatorAlertNote;
  at: number;
  digest?: undefined;
  report?: undefined;
}

export type StoredEvent = SignalEvent | DigestEvent | ReportEvent | OperatorAlertEvent;

/** An event of a day, as a digest reads it. */
export interface DayEvent {
  signal: PublishedSignal;
  update: SignalUpdate | null;
  eventAt: number;
}

export interface QueuedJob {
  jobKey: string;
  promisedAt: number;
}

/**
 * A job of rows just written. `rows`, when present, are all of its rows as inserted (every one of
 * them new), so a run of the job in this process need not read them back.
 */
export interface PlannedJob extends QueuedJob {
  rows?: DeliveryRow[];
}

export interface RawRow {
  id: string;
  event_id: string;
  signal_id: string;
  kind: EventKind;
  tier: Tier;
  channel: TierChannel;
  recipient: string;
  address: string | null;
  unsubscribe_url: string | null;
  published_at: Date;
  promised_at: Date;
  job_key: string;
  status: DeliveryStatus;
  attempts: number;
  sending_since: Date | null;
  sent_at: Date | null;
  provider_message_id: string | null;
  sent_via: string | null;
  last_error: string | null;
  text: string | null;
}

export const ms = (d: Date | null): number | null => (d ? d.getTime() : null);
export const ts = (n: number): string => new Date(n).toISOString();

export function toRow(r: RawRow): DeliveryRow {
  return {
    id: String(r.id),
    eventId: String(r.event_id),
    signalId: r.signal_id,
    kind: r.kind,
    tier: r.tier,
    channel: r.channel,
    recipient: r.recipient,
    address: r.address,
    unsubscribeUrl: r.unsubscribe_url,
    publishedAt: r.published_at.getTime(),
    promisedAt: r.promised_at.getTime(),
    jobKey: r.job_key,
    status: r.status,
    attempts: r.attempts,
    sendingSince: ms(r.sending_since),
    sentAt: ms(r.sent_at),
    providerMessageId: r.provider_message_id,
    sentVia: r.sent_via,
    lastError: r.last_error,
    text: r.text,
  };
}

export interface SentRecord {
  id: string;
  sentAt: number;
  providerMessageId: string;
  via: string;
  text: string;
}

export interface DelayStats {
  signalId?: string;
  tier: Tier;
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  minMs: number;
}

/** TypeORM returns UPDATE … RETURNING as [rows, rowCount]; SELECT as rows. */
export function updated<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}
