/**
 * The slower series a recording may carry beside its chains, one JSON line each in
 * `<SYMBOL>.series.jsonl.gz`: the provider's 1-minute bars (as the `bar` market events the
 * pipeline reads) and indicator points (AlphaVantage's RSI / MACD / BBANDS values by name).
 * Oldest first by their own time; every line is validated when read back.
 */
import { z } from 'zod';
import { INDICATOR_NAMES } from '../market-data-provider.js';

const finite = z.number().finite();

export const recordedBarSchema = z.object({
  kind: z.literal('bar'),
  symbol: z.string().min(1),
  start: z.number().int(),
  end: z.number().int(),
  open: finite,
  high: finite,
  low: finite,
  close: finite,
  volume: finite.min(0),
});

export const recordedIndicatorSchema = z.object({
  kind: z.literal('indicator'),
  symbol: z.string().min(1),
  indicator: z.enum(INDICATOR_NAMES),
  /** ISO UTC instant of the point. */
  at: z.string().min(1),
  values: z.record(z.string(), finite),
});

export const seriesItemSchema = z.discriminatedUnion('kind', [
  recordedBarSchema,
  recordedIndicatorSchema,
]);
export type RecordedBar = z.infer<typeof recordedBarSchema>;
export type RecordedIndicator = z.infer<typeof recordedIndicatorSchema>;
export type SeriesItem = z.infer<typeof seriesItemSchema>;

/** The instant a series item belongs to (a bar: its end, when it is known). */
export function seriesItemTime(item: SeriesItem): number {
  return item.kind === 'bar' ? item.end : Date.parse(item.at);
}
