/**
 * Names of delivery jobs. A job key names the rows one job sends: a broadcast key
 * (`<eventId>.<tier>.<channel>`) names exactly one row, a batch key (`…<channel>.<n>`) a slice of
 * an email / Telegram DM fan-out. A queue job id is a key, or a key with a suffix naming why it was
 * queued again (`~d<at>` held because it fired early, `~p<n>` a lower tier waiting for its event's
 * Premium rows, `~a<n>` a retry, `~r<rowId>` an operator resend), so those runs do not collide
 * with the key's own pending job.
 */
import { isTier, type Tier } from '../vocabulary/tier.js';
import { TIER_CHANNELS, type TierChannel } from './tier-policy.js';

export type DeliveryJobKey =
  | { kind: 'broadcast'; eventId: string; tier: Tier; channel: TierChannel }
  | { kind: 'batch'; eventId: string; tier: Tier; channel: TierChannel; batch: number };

export type QueueJobId =
  | { kind: 'run'; key: DeliveryJobKey }
  | { kind: 'hold'; key: DeliveryJobKey; at: number }
  | { kind: 'premium_wait'; key: DeliveryJobKey; seq: number }
  | { kind: 'retry'; key: DeliveryJobKey; seq: number }
  | { kind: 'resend'; key: DeliveryJobKey; rowId: string };

const DIGITS = /^\d+$/;
/** A hold's time is the engine clock's reading, fractional under a ScaledClock. */
const TIME = /^\d+(\.\d+)?$/;
const isChannel = (s: string): s is TierChannel => (TIER_CHANNELS as readonly string[]).includes(s);

export function encodeJobKey(key: DeliveryJobKey): string {
  const base = `${key.eventId}.${key.tier}.${key.channel}`;
  return key.kind === 'batch' ? `${base}.${key.batch}` : base;
}

/** The key, or null when the text is not a job key. */
export function decodeJobKey(text: string): DeliveryJobKey | null {
  const parts = text.split('.');
  if (parts.length !== 3 && parts.length !== 4) return null;
  const [eventId, tier, channel, batch] = parts;
  if (!DIGITS.test(eventId) || !isTier(tier) || !isChannel(channel)) return null;
  if (batch === undefined) return { kind: 'broadcast', eventId, tier, channel };
  if (!DIGITS.test(batch)) return null;
  return { kind: 'batch', eventId, tier, channel, batch: Number(batch) };
}

export function encodeQueueJobId(id: QueueJobId): string {
  const key = encodeJobKey(id.key);
  switch (id.kind) {
    case 'run':
      return key;
    case 'hold':
      return `${key}~d${id.at}`;
    case 'premium_wait':
      return `${key}~p${id.seq}`;
    case 'retry':
      return `${key}~a${id.seq}`;
    case 'resend':
      return `${key}~r${id.rowId}`;
  }
}

/** The queue job id, or null when the text is not one of ours. */
export function decodeQueueJobId(text: string): QueueJobId | null {
  const [keyText, suffix, ...rest] = text.split('~');
  if (rest.length > 0) return null;
  const key = decodeJobKey(keyText);
  if (!key) return null;
  if (suffix === undefined) return { kind: 'run', key };
  const tag = suffix[0];
  const value = suffix.slice(1);
  if (tag === 'd') return TIME.test(value) ? { kind: 'hold', key, at: Number(value) } : null;
  if (!DIGITS.test(value)) return null;
  if (tag === 'p') return { kind: 'premium_wait', key, seq: Number(value) };
  if (tag === 'a') return { kind: 'retry', key, seq: Number(value) };
  if (tag === 'r') return { kind: 'resend', key, rowId: value };
  return null;
}

/** The job key of a stored delivery row's `job_key` column (throws on a corrupt value). */
export function parseJobKey(text: string): DeliveryJobKey {
  const key = decodeJobKey(text);
  if (!key) throw new Error(`malformed delivery job key: ${JSON.stringify(text)}`);
  return key;
}
