/**
 * The account page's preferences form (urlencoded fields) as a preferences patch; the
 * subscribers' own schema then validates it, so a preference means the same from the page, the
 * API and the bots.
 */
import { z } from 'zod';

const field = z.string().max(600).optional();
const formSchema = z.object({
  channels: z.union([z.string(), z.array(z.string()).max(5)]).optional(),
  symbols: field,
  strategies: field,
  quietStart: field,
  quietEnd: field,
  timeZone: field,
  emailMode: field,
});

const list = (text: string | undefined, normalise: (s: string) => string): string[] | null => {
  const items = (text ?? '')
    .split(/[\s,]+/)
    .map((s) => normalise(s.trim()))
    .filter((s) => s.length > 0);
  return items.length ? [...new Set(items)] : null;
};

export class PreferencesFormError extends Error {}

/** The patch of a posted form; throws PreferencesFormError for a half-filled quiet-hours pair. */
export function preferencesPatchFromForm(body: unknown): Record<string, unknown> {
  const parsed = formSchema.safeParse(body ?? {});
  if (!parsed.success) throw new PreferencesFormError('The form could not be read.');
  const f = parsed.data;
  const channels =
    f.channels === undefined ? [] : Array.isArray(f.channels) ? f.channels : [f.channels];
  const start = f.quietStart?.trim() ?? '';
  const end = f.quietEnd?.trim() ?? '';
  if ((start === '') !== (end === '')) {
    throw new PreferencesFormError('Quiet hours need both a start and an end time.');
  }
  return {
    channels: [...new Set(channels)],
    symbols: list(f.symbols, (s) => s.toUpperCase()),
    strategies: list(f.strategies, (s) => s.toLowerCase()),
    quietHours: start ? { start, end, timeZone: f.timeZone?.trim() || 'America/New_York' } : null,
    emailMode: f.emailMode ?? 'instant',
  };
}
