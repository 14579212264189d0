/**
 * Engine symbols whose chains arrive further apart than the overseer's data-age limit: the
 * overseer halts all trading while any engine feed is older than OVERSEER_MAX_DATA_AGE_MS in the
 * session, so such a symbol would hold the engine halted between its pulls (a symbol outside
 * MARKET_DATA_FAST_CHAIN_SYMBOLS is pulled every MARKET_DATA_CHAIN_MS, 30 s by default).
 */
import type { AppConfig } from './schema.js';

type CadenceSettings = Pick<
  AppConfig,
  | 'ENGINE_SYMBOLS'
  | 'MARKET_DATA_SYMBOLS'
  | 'MARKET_DATA_FAST_CHAIN_SYMBOLS'
  | 'MARKET_DATA_FAST_CHAIN_MS'
  | 'MARKET_DATA_CHAIN_MS'
  | 'OVERSEER_MAX_DATA_AGE_MS'
>;

/** How often an engine symbol's chain is pulled, ms (null: not in MARKET_DATA_SYMBOLS). */
export function chainCadenceMs(c: CadenceSettings, symbol: string): number | null {
  if (!c.MARKET_DATA_SYMBOLS.includes(symbol)) return null;
  return c.MARKET_DATA_FAST_CHAIN_SYMBOLS.includes(symbol)
    ? c.MARKET_DATA_FAST_CHAIN_MS
    : c.MARKET_DATA_CHAIN_MS;
}

/** One warning per engine symbol pulled less often than the overseer's data-age limit. */
export function feedCadenceWarnings(c: CadenceSettings): string[] {
  const out: string[] = [];
  for (const symbol of c.ENGINE_SYMBOLS) {
    const every = chainCadenceMs(c, symbol);
    if (every === null || every <= c.OVERSEER_MAX_DATA_AGE_MS) continue;
    out.push(
      `ENGINE_SYMBOLS ${symbol}: its chain is pulled every ${every / 1000} s (MARKET_DATA_CHAIN_MS; not in MARKET_DATA_FAST_CHAIN_SYMBOLS), longer than OVERSEER_MAX_DATA_AGE_MS (${c.OVERSEER_MAX_DATA_AGE_MS / 1000} s): the overseer would halt trading between its pulls`,
    );
  }
  return out;
}
