/**
 * TIME_SERIES_INTRADAY and indicator bodies for the local AlphaVantage, in AlphaVantage's real
 * shapes (https://www.alphavantage.co/documentation/#intraday): "Meta Data" with numbered keys,
 * then "Time Series (1min)" keyed "YYYY-MM-DD HH:mm:ss" in US/Eastern, newest first, values as
 * strings. Prices follow a fixed wave around the chain's spot, so every run serves the same bars.
 *  - `month=YYYY-MM` (+ outputsize=full): every minute of the month's NYSE trading days, the
 *    regular session only with extended_hours=false, else 04:00–19:59 as AlphaVantage does;
 *  - with a clock (`now`): the latest 100 closed minutes of the current day (compact), as live,
 *    pre-market minutes included unless extended_hours=false.
 */
import { DateTime } from 'luxon';
import { sessionFor, tradingDaysBetween } from '../../common/market-calendar.js';
import { NEW_YORK_ZONE } from '../../vocabulary/units.js';

const MINUTE = 60_000;

function priceAt(spot: number, ms: number): number {
  const k = ms / MINUTE;
  return spot * (1 + 0.003 * Math.sin(k / 37) + 0.001 * Math.sin(k / 5));
}

function barRow(spot: number, start: number, i: number): Record<string, string> {
  const open = priceAt(spot, start);
  const close = priceAt(spot, start + MINUTE);
  return {
    '1. open': open.toFixed(4),
    '2. high': (Math.max(open, close) + spot * 0.0002).toFixed(4),
    '3. low': (Math.min(open, close) - spot * 0.0002).toFixed(4),
    '4. close': close.toFixed(4),
    '5. volume': String(20_000 + ((i * 7919) % 5000)),
  };
}

const stamp = (ms: number) =>
  DateTime.fromMillis(ms, { zone: NEW_YORK_ZONE }).toFormat('yyyy-LL-dd HH:mm:ss');

/** Minute starts, oldest first, of one month's trading days. */
function monthMinutes(month: string, extendedHours: boolean): number[] {
  const first = `${month}-01`;
  const last = DateTime.fromISO(first, { zone: NEW_YORK_ZONE })
    .endOf('month')
    .toISODate() as string;
  const out: number[] = [];
  for (const day of tradingDaysBetween(first, last)) {
    const session = sessionFor(day);
    if (!session) continue;
    const from = extendedHours
      ? DateTime.fromISO(`${day}T04:00`, { zone: NEW_YORK_ZONE }).toMillis()
      : session.openAt;
    const to = extendedHours
      ? DateTime.fromISO(`${day}T20:00`, { zone: NEW_YORK_ZONE }).toMillis()
      : session.closeAt;
    for (let t = from; t < to; t += MINUTE) out.push(t);
  }
  return out;
}

/**
 * The closed minutes of `now`'s day so far (at most the latest `count`): the session only, or
 * with extended hours from 04:00 to 20:00 (AlphaVantage's default, pre-market bars included).
 */
function liveMinutes(now: number, count: number, extendedHours = false): number[] {
  const session = sessionFor(now);
  if (!session) return [];
  const day = DateTime.fromMillis(now, { zone: NEW_YORK_ZONE }).toISODate() as string;
  const from = extendedHours
    ? DateTime.fromISO(`${day}T04:00`, { zone: NEW_YORK_ZONE }).toMillis()
    : session.openAt;
  const to = extendedHours
    ? DateTime.fromISO(`${day}T20:00`, { zone: NEW_YORK_ZONE }).toMillis()
    : session.closeAt;
  const out: number[] = [];
  const end = Math.min(Math.floor(now / MINUTE) * MINUTE, to);
  for (let t = Math.max(from, end - count * MINUTE); t < end; t += MINUTE) out.push(t);
  return out;
}

export function intradayBody(o: {
  symbol: string;
  spot: number;
  interval: string;
  month?: string;
  extendedHours: boolean;
  now: number;
}) {
  const minutes = o.month
    ? monthMinutes(o.month, o.extendedHours)
    : liveMinutes(o.now, 100, o.extendedHours);
  const series: Record<string, Record<string, string>> = {};
  // AlphaVantage lists the newest bar first.
  for (let i = minutes.length - 1; i >= 0; i--)
    series[stamp(minutes[i])] = barRow(o.spot, minutes[i], i);
  return {
    'Meta Data': {
      '1. Information': `Intraday (${o.interval}) open, high, low, close prices and volume`,
      '2. Symbol': o.symbol,
      '3. Last Refreshed': minutes.length ? stamp(minutes[minutes.length - 1]) : '',
      '4. Interval': o.interval,
      '5. Output Size': o.month ? 'Full size' : 'Compact',
      '6. Time Zone': 'US/Eastern',
    },
    [`Time Series (${o.interval})`]: series,
  };
}

/** The indicator's latest 30 points of `now`'s session, one a minute (AlphaVantage's names). */
export function liveIndicatorPoints(
  fn: string,
  spot: number,
  now: number,
): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  const minutes = liveMinutes(now, 30);
  for (let i = minutes.length - 1; i >= 0; i--) {
    const t = minutes[i];
    const px = priceAt(spot, t + MINUTE);
    const key = DateTime.fromMillis(t + MINUTE, { zone: NEW_YORK_ZONE }).toFormat(
      'yyyy-LL-dd HH:mm',
    );
    out[key] =
      fn === 'RSI'
        ? { RSI: (50 + 20 * Math.sin(t / MINUTE / 11)).toFixed(4) }
        : fn === 'MACD'
          ? { MACD: '0.4200', MACD_Hist: '0.0500', MACD_Signal: '0.3700' }
          : {
              'Real Upper Band': (px * 1.004).toFixed(4),
              'Real Middle Band': px.toFixed(4),
              'Real Lower Band': (px * 0.996).toFixed(4),
            };
  }
  return out;
}
