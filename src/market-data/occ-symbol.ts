import { DateTime } from 'luxon';
import { optionExpiryInstant } from '../common/market-calendar.js';
import type { Settlement } from './chain-snapshot.js';
import type { OptionRight } from '../vocabulary/trading.js';
import { AM_SETTLED_ROOTS, NEW_YORK_ZONE } from '../vocabulary/units.js';

export interface ParsedOcc {
  root: string;
  /** YYYY-MM-DD */
  expiry: string;
  right: OptionRight;
  strike: number;
}

const OCC_RE = /^(?:O:)?([A-Z0-9.]{1,6}?)\s*(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;

/**
 * Reads an OCC option symbol (padded or not, with or without Massive's `O:` prefix):
 * ROOT + YYMMDD + C|P + strike × 1000 in 8 digits. Null when it is not one.
 */
export function parseOccSymbol(symbol: string): ParsedOcc | null {
  const m = OCC_RE.exec(symbol.trim());
  if (!m) return null;
  const [, root, yy, mm, dd, cp, strike] = m;
  return {
    root,
    expiry: `20${yy}-${mm}-${dd}`,
    right: cp === 'C' ? 'call' : 'put',
    strike: Number(strike) / 1000,
  };
}

/** The unpadded OCC symbol, e.g. SPXW250106C05975000. */
export function formatOccSymbol(
  root: string,
  expiry: string,
  right: OptionRight,
  strike: number,
): string {
  const [y, m, d] = expiry.split('-');
  const strikeCode = String(Math.round(strike * 1000)).padStart(8, '0');
  return `${root}${y.slice(2)}${m}${d}${right === 'call' ? 'C' : 'P'}${strikeCode}`;
}

export function settlementOf(root: string): Settlement {
  return AM_SETTLED_ROOTS.has(root) ? 'AM' : 'PM';
}

const expiryCache = new Map<string, string>();

/** The settlement instant, ISO UTC: the open (09:30 New York) for AM-settled roots, else the close (16:00, or 13:00 on early-close days). */
export function expiresAtIso(expiry: string, settlement: Settlement): string {
  const key = `${expiry}|${settlement}`;
  let iso = expiryCache.get(key);
  if (iso === undefined) {
    const time = settlement === 'AM' ? 'T09:30:00' : 'T16:00:00';
    const dt = DateTime.fromISO(`${expiry}${time}`, { zone: NEW_YORK_ZONE });
    if (!dt.isValid) throw new Error(`invalid expiry date ${expiry}`);
    // The exchange calendar knows early closes (PM settlement at 13:00); a date it calls
    // closed keeps the nominal time rather than failing the whole chain.
    let ms = dt.toMillis();
    try {
      ms = optionExpiryInstant(expiry, settlement);
    } catch {
      /* not a trading day: nominal time */
    }
    iso = DateTime.fromMillis(ms, { zone: 'utc' }).toISO({ suppressMilliseconds: true }) ?? '';
    expiryCache.set(key, iso);
  }
  return iso;
}

/** The New York calendar date (YYYY-MM-DD) of an instant. */
export function newYorkDate(ms: number): string {
  return DateTime.fromMillis(ms, { zone: NEW_YORK_ZONE }).toISODate() ?? '';
}
