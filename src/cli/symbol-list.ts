/** The CLI's `--symbols` option: comma-separated tickers ("spy, QQQ" → SPY, QQQ), at least one. */
import { z } from 'zod';

const tickers = z.array(z.string().regex(/^[A-Z][A-Z0-9.]{0,5}$/, 'symbols are tickers like SPY'));

/** `none`: what an empty list is told (zod's own message where not given). */
export function symbolList(none?: string) {
  return z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim().toUpperCase())
        .filter(Boolean),
    )
    .pipe(none === undefined ? tickers.min(1) : tickers.min(1, none));
}
