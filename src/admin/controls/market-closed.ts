import { isMarketOpen } from '../../common/market-calendar.js';
import { STALE_DATA_HALT_REASON } from '../../overseer/overseer.js';

/**
 * True when the market is closed and no operator's halt holds: the overseer checks data freshness
 * only during the session (quiet feeds after it are by design), so the header says "Market closed"
 * instead of "Trading live" or an alarm. A stale-data lockout is the session's; an operator's halt
 * carries the operator's reason and stays red at any hour.
 */
export function haltIsMarketClosed(halted: boolean, reason: string | null, now: number): boolean {
  return (!halted || reason === STALE_DATA_HALT_REASON) && !isMarketOpen(now);
}
