import { DateTime } from 'luxon';

/** Quiet hours in the recipient's zone, e.g. 22:00–07:00 (wrapping midnight). */
export function inQuietHours(
  quiet: { start: string; end: string; timeZone: string } | null,
  at: number,
): boolean {
  if (!quiet) return false;
  const t = DateTime.fromMillis(at, { zone: quiet.timeZone });
  if (!t.isValid) return false;
  const minutes = t.hour * 60 + t.minute;
  const toMin = (s: string) => {
    const [h, m] = s.split(':').map(Number);
    return h * 60 + (m || 0);
  };
  const start = toMin(quiet.start);
  const end = toMin(quiet.end);
  return start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}
