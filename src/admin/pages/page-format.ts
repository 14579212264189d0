/**
 * Small formatting shared by the portal's pages. Instants (the engine clock's) read in New York
 * time, like the console, the reports and the messages: one clock for an operator to think in.
 */
import { DateTime } from 'luxon';
import { NEW_YORK_ZONE } from '../../vocabulary/units.js';

/** "2026-03-02 09:31:05 ET". */
export function at(ms: number): string {
  return `${DateTime.fromMillis(ms, { zone: NEW_YORK_ZONE }).toFormat('yyyy-MM-dd HH:mm:ss')} ET`;
}

/** "2026-03-02 09:31 ET" (minutes are enough). */
export function atMinute(ms: number): string {
  return `${DateTime.fromMillis(ms, { zone: NEW_YORK_ZONE }).toFormat('yyyy-MM-dd HH:mm')} ET`;
}

/** "09:31" New York, for a chart's time axis. */
export function clockTime(ms: number): string {
  return DateTime.fromMillis(ms, { zone: NEW_YORK_ZONE }).toFormat('HH:mm');
}

export function dollars(cents: number): string {
  return `$${(cents / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
}

/** Seconds with one decimal, or '—'. */
export function seconds(ms: number | null): string {
  return ms === null || !Number.isFinite(ms) ? '—' : (ms / 1000).toFixed(1);
}

/** A message for the operator from any thrown value (HTTP exceptions keep their own text). */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
