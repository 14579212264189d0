/**
 * The daily skeleton that links simulated days: each symbol's previous close, the day's opening
 * gap, its volatility regime and the close the day drifts toward. Walked day by day from an
 * anchor date (2026-01-02, where the profiles' spots hold) forward or backward with seeded daily
 * draws, so a backtest over several days sees one continuous market and any day can be
 * simulated alone with the same result.
 */
import {
  tradingDaysBetween,
  previousTradingDay,
  nextTradingDay,
} from '../../common/market-calendar.js';
import type { SymbolProfile } from './profiles.js';
import { Prng, hash32 } from './prng.js';

export const ANCHOR_DATE = '2026-01-02';

/** Daily log-vol regime: AR(1) around the long-run level. */
const VOL_PERSISTENCE = 0.94;
const VOL_SHOCK = 0.07;
/** Overnight variance as a share of a day's. */
export const OVERNIGHT_VARIANCE = 0.15;

export interface DayPlan {
  prevClose: number;
  open: number;
  /** Where the close is pulled toward (the day's trend). */
  targetClose: number;
  /** Annualised volatility regime for the day (the Heston starting √v). */
  vol: number;
}

/**
 * Plans for every profile on `date`. Market draws are shared; each symbol has its own stream, so
 * adding a symbol does not change the others. Walking forward, a day's close-to-close return
 * moves the previous close to the next; walking backward the same returns are undone, so in
 * either direction the target close of one day is the previous close of the next.
 */
export function planDay(
  seed: number,
  date: string,
  profiles: SymbolProfile[],
): Map<string, DayPlan> {
  const forward = date >= ANCHOR_DATE;
  // Days walked before reaching `date`: anchor … date−1 forward; anchor−1 … date+1 backward.
  const walk = forward
    ? tradingDaysBetween(ANCHOR_DATE, previousTradingDay(date))
    : tradingDaysBetween(nextTradingDay(date), previousTradingDay(ANCHOR_DATE)).reverse();
  const dir = forward ? 'fwd' : 'back';
  const mkt = new Prng(hash32(`${seed}|skeleton|market|${dir}`));
  const mktDraws = new Float64Array((walk.length + 1) * 3);
  for (let i = 0; i < mktDraws.length; i++) mktDraws[i] = mkt.normal();

  const plans = new Map<string, DayPlan>();
  for (const p of profiles) {
    const own = new Prng(hash32(`${seed}|skeleton|${p.symbol}|${dir}`));
    const tracks = p.marketCorrelation === 1;
    const c = p.marketCorrelation;
    const idio = Math.sqrt(Math.max(0, 1 - c * c));
    let mktX = 0;
    let ownX = 0;
    let logSpot = Math.log(p.spot);
    let day = { vol: p.vol, gapZ: 0, retZ: 0, ret: 0 };
    const draw = (i: number): typeof day => {
      const volShock = own.normal();
      const gapShock = own.normal();
      const retShock = own.normal();
      mktX = VOL_PERSISTENCE * mktX + VOL_SHOCK * mktDraws[i * 3];
      ownX = VOL_PERSISTENCE * ownX + VOL_SHOCK * volShock;
      const vol = p.vol * Math.exp(tracks ? mktX : 0.7 * mktX + 0.5 * ownX);
      const gapZ = tracks ? mktDraws[i * 3 + 1] : c * mktDraws[i * 3 + 1] + idio * gapShock;
      const retZ = tracks ? mktDraws[i * 3 + 2] : c * mktDraws[i * 3 + 2] + idio * retShock;
      const sd = vol / Math.sqrt(252);
      const ret =
        sd * (Math.sqrt(OVERNIGHT_VARIANCE) * gapZ + retZ) -
        0.5 * sd * sd * (1 + OVERNIGHT_VARIANCE);
      return { vol, gapZ, retZ, ret };
    };
    for (let i = 0; i < walk.length; i++) {
      day = draw(i);
      logSpot += forward ? day.ret : -day.ret;
    }
    day = draw(walk.length);
    const prevClose = Math.exp(forward ? logSpot : logSpot - day.ret);
    const sd = day.vol / Math.sqrt(252);
    const open = prevClose * Math.exp(sd * Math.sqrt(OVERNIGHT_VARIANCE) * day.gapZ);
    plans.set(p.symbol, {
      prevClose,
      open,
      targetClose: prevClose * Math.exp(day.ret),
      vol: day.vol,
    });
  }
  return plans;
}
