/**
 * Subscriber preferences: one schema, one rule (`preferencesAllow`) that every channel applies,
 * so a preference means the same on Discord, Telegram and email.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { DeliveryChannel, RecipientPreferences } from './recipient-directory.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24h)');

export const SUBSCRIBER_CHANNELS = ['email', 'telegram', 'discord'] as const;

export const preferencesSchema = z
  .object({
    channels: z.array(z.enum(SUBSCRIBER_CHANNELS)).max(3),
    symbols: z
      .array(z.string().regex(/^[A-Z]{1,6}$/))
      .max(50)
      .nullable(),
    strategies: z
      .array(z.string().regex(/^[a-z0-9_]{1,40}$/))
      .max(30)
      .nullable(),
    quietHours: z
      .object({
        start: hhmm,
        end: hhmm,
        timeZone: z
          .string()
          .refine((tz) => DateTime.now().setZone(tz).isValid, 'unknown time zone'),
      })
      .nullable(),
    emailMode: z.enum(['instant', 'digest']),
    /** Telegram DMs even while in the tier's Telegram group. */
    telegramDmInGroup: z.boolean().optional(),
  })
  .strict();

/** A partial update; unspecified fields keep their value. */
export const preferencesPatchSchema = preferencesSchema.partial().strict();

export const DEFAULT_PREFERENCES: RecipientPreferences = {
  channels: ['email', 'telegram', 'discord'],
  symbols: null,
  strategies: null,
  quietHours: null,
  emailMode: 'instant',
};

/** Reads stored JSON, falling back to defaults field by field. */
export function readPreferences(stored: unknown): RecipientPreferences {
  const merged = { ...DEFAULT_PREFERENCES, ...(isRecord(stored) ? stored : {}) };
  const parsed = preferencesSchema.safeParse(merged);
  if (!parsed.success) return { ...DEFAULT_PREFERENCES };
  return { ...parsed.data, channels: [...parsed.data.channels] as DeliveryChannel[] };
}

/**
 * Whether a signal for `symbol` from `strategy` may be sent on `channel` at `nowMs`. Quiet
 * hours hold instant messages back (the caller defers or digests them); they never apply to
 * a digest email.
 */
export function preferencesAllow(
  prefs: RecipientPreferences,
  signal: { symbol: string; strategy: string; channel: DeliveryChannel },
  nowMs: number,
): { allowed: boolean; reason: string } {
  if (!prefs.channels.includes(signal.channel)) return { allowed: false, reason: 'channel_off' };
  if (prefs.symbols && !prefs.symbols.includes(signal.symbol.toUpperCase())) {
    return { allowed: false, reason: 'symbol_filtered' };
  }
  if (prefs.strategies && !prefs.strategies.includes(signal.strategy)) {
    return { allowed: false, reason: 'strategy_filtered' };
  }
  const digest = signal.channel === 'email' && prefs.emailMode === 'digest';
  if (!digest && prefs.quietHours && inQuietHours(prefs.quietHours, nowMs)) {
    return { allowed: false, reason: 'quiet_hours' };
  }
  return { allowed: true, reason: 'ok' };
}

export function inQuietHours(q: { start: string; end: string; timeZone: string }, nowMs: number) {
  const local = DateTime.fromMillis(nowMs, { zone: q.timeZone });
  const minutes = local.hour * 60 + local.minute;
  const start = toMinutes(q.start);
  const end = toMinutes(q.end);
  if (start === end) return false;
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

function toMinutes(hhmmText: string): number {
  const [h, m] = hhmmText.split(':').map(Number);
  return h * 60 + m;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
