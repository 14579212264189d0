import { DateTime } from 'luxon';

export interface QuietHours {
  start: string;
  end: string;
  timeZone: string;
}

const toMin = (s: string) => {
  const [h, m] = s.split(':').map(Number);
  return h * 60 + (m || 0);
};

/** Quiet hours in the recipient's zone, e.g. 22:00–07:00 (wrapping midnight). */
export function inQuietHours(quiet: QuietHours | null, at: number): boolean {
  return quietHoursEnd(quiet, at) !== null;
}

/**
 * When the quiet hours around `at` end (the instant a held message may go), or null when `at` is
 * not in quiet hours. Instant messages are held until then, never dropped.
 */
export function quietHoursEnd(quiet: QuietHours | null, at: number): number | null {
  if (!quiet) return null;
  const t = DateTime.fromMillis(at, { zone: quiet.timeZone });
  if (!t.isValid) return null;
  const minutes = t.hour * 60 + t.minute;
  const start = toMin(quiet.start);
  const end = toMin(quiet.end);
  if (start === end) return null;
  const inside =
    start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  if (!inside) return null;
  const endToday = t.startOf('day').plus({ minutes: end });
  // Wrapping midnight and past the start: the quiet hours end tomorrow morning.
  const ends = minutes >= end && start > end ? endToday.plus({ days: 1 }) : endToday;
  return Math.max(at, ends.toMillis());
}
