/** Units and constants of the US listed-options market, defined once. */

/** The exchange's time zone: market hours, expiries and report times are New York times. */
export const NEW_YORK_ZONE = 'America/New_York';

/** Shares of underlying per listed equity/index option contract. */
export const CONTRACT_MULTIPLIER = 100;

/** Roots whose standard monthly options settle at the open (AM-settled): SPX, not SPXW. */
export const AM_SETTLED_ROOTS: ReadonlySet<string> = new Set(['SPX', 'NDX', 'RUT', 'VIX']);
