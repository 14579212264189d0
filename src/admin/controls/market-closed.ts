import { isMarketOpen } from '../../common/market-calendar.js';
import { STALE_DATA_HALT_REASON } from '../../overseer/overseer.js';

/**
 * True when trading is held only by the engine's stale-data lockout and the market is closed:
 * feeds are quiet after the session by design, so the header says "Market closed" instead of an
 * alarm. An operator's halt carries the operator's reason and stays red at any hour.
 */
export function haltIsMarketClosed(halted: boolean, reason: string | null, now: number): boolean {
  return halted && reason === STALE_DATA_HALT_REASON && !isMarketOpen(now);
}
