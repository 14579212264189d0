/**
 * The option listing of one simulated day: which expiries trade, which strikes, and the open
 * interest each contract carries into the day. Built once per day from the opening spot, like an
 * exchange's overnight strike additions.
 */
import type { DayShape } from './day-shape.js';
import { monthlyExpiry, optionExpiryInstant } from '../../common/market-calendar.js';
import type { Settlement } from '../chain-snapshot.js';
import type { OptionRight } from '../../vocabulary/trading.js';
import type { SymbolProfile } from './profiles.js';
import { Prng } from './prng.js';

export interface ListedExpiry {
  /** New York date 'YYYY-MM-DD'. */
  date: string;
  root: string;
  settlement: Settlement;
  /** Settlement instant, UTC ms, and its ISO form. */
  expiresAt: number;
  expiresAtIso: string;
  /** Trading days from the simulated day (0 = expires today). */
  tradingDaysAhead: number;
  /** Share of option prints that go to this expiry. */
  flowWeight: number;
  /** Listed strikes, ascending. */
  strikes: Float64Array;
}

export interface Listing {
  expiries: ListedExpiry[];
  /** Contract columns, in canonical order (expiry date, strike, call before put, root). */
  expiryIndex: Int32Array;
  strike: Float64Array;
  isCall: Uint8Array;
  openInterest: Float64Array;
  occSymbol: string[];
  /** Per expiry: the row of strike index s is rowOf[e][2·s] for the call, +1 for the put. */
  rowOf: Int32Array[];
}

/** The unpadded OCC symbol: ROOT + YYMMDD + C|P + strike × 1000 in 8 digits. */
export function occSymbol(
  root: string,
  expiry: string,
  right: OptionRight,
  strike: number,
): string {
  const code = String(Math.round(strike * 1000)).padStart(8, '0');
  return `${root}${expiry.slice(2, 4)}${expiry.slice(5, 7)}${expiry.slice(8, 10)}${right === 'call' ? 'C' : 'P'}${code}`;
}

/** Weekly expiry dates: the last trading day of each week (Friday, or Thursday before a holiday). */
function weeklyExpiries(days: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < days.length - 1; i++) {
    const at = Date.parse(`${days[i]}T12:00:00Z`);
    const dow = new Date(at).getUTCDay();
    const gap = (Date.parse(`${days[i + 1]}T12:00:00Z`) - at) / 86_400_000;
    // The next trading day falls after this week's Sunday.
    if (gap > 7 - dow) out.push(days[i]);
  }
  return out;
}

export function buildListing(
  profile: SymbolProfile,
  date: string,
  openAt: number,
  openSpot: number,
  rng: Prng,
  /** Trading days from `date` on, at least 200 calendar days of them. */
  days: string[],
  /** A scenario's open-interest shape (call share, wall size and distance). */
  shape: Pick<DayShape, 'callShare' | 'wallBoost' | 'wallDistance'> = {},
): Listing {
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const weeklies = weeklyExpiries(days);
  const [y, m] = date.split('-').map(Number);
  const monthlies: string[] = [];
  for (let k = 0; k < 7; k++) {
    const mm = ((m - 1 + k) % 12) + 1;
    const yy = y + Math.floor((m - 1 + k) / 12);
    const d = monthlyExpiry(yy, mm);
    if (d >= date && dayIndex.has(d)) monthlies.push(d);
  }

  const pm = new Set<string>();
  if (profile.listing === 'equity') {
    for (const w of weeklies.slice(0, 5)) pm.add(w);
    for (const mo of monthlies.slice(0, 6)) pm.add(mo);
  } else {
    for (const d of days.slice(0, 5)) pm.add(d);
    for (const w of weeklies.slice(0, 6)) pm.add(w);
    for (const mo of monthlies.slice(0, 6)) pm.add(mo);
  }
  const pmRoot = profile.listing === 'spx' ? 'SPXW' : profile.symbol;
  const specs: { date: string; root: string; settlement: Settlement }[] = [...pm].map((d) => ({
    date: d,
    root: pmRoot,
    settlement: 'PM',
  }));
  if (profile.listing === 'spx') {
    for (const mo of monthlies.slice(0, 4)) {
      // The AM-settled monthly settles at the open of its expiry day; it is gone by then.
      if (optionExpiryInstant(mo, 'AM') > openAt) {
        specs.push({ date: mo, root: 'SPX', settlement: 'AM' });
      }
    }
  }
  specs.sort((a, b) => (a.date === b.date ? (a.root < b.root ? -1 : 1) : a.date < b.date ? -1 : 1));

  const expiries: ListedExpiry[] = [];
  for (const s of specs) {
    const ahead = dayIndex.get(s.date) ?? 0;
    const expiresAt = optionExpiryInstant(s.date, s.settlement);
    const tau = Math.max(ahead + (s.settlement === 'PM' ? 1 : 0), 1) / 252;
    const sigma = profile.vol * Math.sqrt(tau);
    const strikes = strikeGrid(profile, openSpot, sigma);
    let flowWeight: number;
    if (profile.listing === 'equity') flowWeight = ahead <= 4 ? 3 : 1 / Math.sqrt(ahead / 5);
    else
      flowWeight = ahead === 0 ? 12 : ahead === 1 ? 4 : ahead <= 4 ? 1.5 : 1 / Math.sqrt(ahead / 5);
    if (s.settlement === 'AM') flowWeight *= 0.5;
    expiries.push({
      date: s.date,
      root: s.root,
      settlement: s.settlement,
      expiresAt,
      expiresAtIso: new Date(expiresAt).toISOString().replace('.000Z', 'Z'),
      tradingDaysAhead: ahead,
      flowWeight,
      strikes,
    });
  }

  // Canonical order: expiry date, strike, call before put, root. Two roots share a date only
  // for SPX monthlies, so merge per date.
  const rows: { e: number; s: number; strike: number; call: boolean }[] = [];
  for (let e = 0; e < expiries.length; e++) {
    const ks = expiries[e].strikes;
    for (let s = 0; s < ks.length; s++) {
      rows.push({ e, s, strike: ks[s], call: true }, { e, s, strike: ks[s], call: false });
    }
  }
  rows.sort((a, b) => {
    const ea = expiries[a.e];
    const eb = expiries[b.e];
    if (ea.date !== eb.date) return ea.date < eb.date ? -1 : 1;
    if (a.strike !== b.strike) return a.strike - b.strike;
    if (a.call !== b.call) return a.call ? -1 : 1;
    return ea.root < eb.root ? -1 : ea.root > eb.root ? 1 : 0;
  });

  const n = rows.length;
  const listing: Listing = {
    expiries,
    expiryIndex: new Int32Array(n),
    strike: new Float64Array(n),
    isCall: new Uint8Array(n),
    openInterest: new Float64Array(n),
    occSymbol: new Array<string>(n),
    rowOf: expiries.map((e) => new Int32Array(e.strikes.length * 2)),
  };
  const drawnCallShare = Math.min(0.75, Math.max(0.25, 0.5 + 0.08 * rng.normal()));
  const callShare = shape.callShare ?? drawnCallShare;
  // Two "magnet" strikes: a big round strike above spot with heavy call interest (the call
  // wall) and one below with heavy put interest (the put wall), as large overwriting and hedging
  // positions leave in the index and mega-cap chains. They concentrate dealer gamma.
  const big = profile.wideStrikeStep * 2;
  const drawnCall = Math.ceil((openSpot * (1.002 + 0.012 * rng.next())) / big) * big;
  const drawnPut = Math.floor((openSpot * (0.998 - 0.012 * rng.next())) / big) * big;
  const drawnCallBoost = 5 + 7 * rng.next();
  const drawnPutBoost = 5 + 7 * rng.next();
  // A shaped day puts the walls on the wide strikes (listed in every expiry) at the asked distance.
  const wide = profile.wideStrikeStep;
  const d = shape.wallDistance;
  const callMagnet = d === undefined ? drawnCall : Math.ceil((openSpot * (1 + d)) / wide) * wide;
  const putMagnet = d === undefined ? drawnPut : Math.floor((openSpot * (1 - d)) / wide) * wide;
  const callMagnetBoost = shape.wallBoost ?? drawnCallBoost;
  const putMagnetBoost = shape.wallBoost ?? drawnPutBoost;
  const oiScale =
    profile.optionPrintsPerStep * profile.printSize * 6 * (profile.listing === 'spx' ? 0.3 : 1);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    const ex = expiries[r.e];
    listing.expiryIndex[i] = r.e;
    listing.strike[i] = r.strike;
    listing.isCall[i] = r.call ? 1 : 0;
    listing.occSymbol[i] = occSymbol(ex.root, ex.date, r.call ? 'call' : 'put', r.strike);
    listing.rowOf[r.e][r.s * 2 + (r.call ? 0 : 1)] = i;
    const tau = Math.max(ex.tradingDaysAhead + 1, 1) / 252;
    const m = Math.log(r.strike / openSpot) / (profile.vol * Math.sqrt(tau));
    let oi = oiScale * Math.exp(-0.5 * (m / 1.1) ** 2);
    // Open interest piles up at round strikes, puts below the money, calls above it.
    if (Math.abs(r.strike / big - Math.round(r.strike / big)) < 1e-9) oi *= 3;
    else if (
      Math.abs(r.strike / profile.wideStrikeStep - Math.round(r.strike / profile.wideStrikeStep)) <
      1e-9
    )
      oi *= 1.8;
    if (r.call) oi *= (m > 0 ? 1.3 : 0.7) * callShare * 2;
    else oi *= (m < 0 ? 1.4 : 0.6) * (1 - callShare) * 2;
    if (ex.tradingDaysAhead <= 22) {
      if (r.call && Math.abs(r.strike - callMagnet) < 1e-9) oi *= callMagnetBoost;
      if (!r.call && Math.abs(r.strike - putMagnet) < 1e-9) oi *= putMagnetBoost;
    }
    // Longer expiries have had longer to accumulate; today's 0DTE opened only days ago.
    oi *= Math.min(3, 0.25 + 0.35 * Math.sqrt(ex.tradingDaysAhead + 1));
    if (ex.settlement === 'AM') oi *= 1.5;
    oi *= Math.exp(0.5 * rng.normal() - 0.125);
    listing.openInterest[i] = Math.round(oi);
  }
  return listing;
}

/**
 * Strikes around the opening spot: the product's fine spacing within ±1.2σ of the expiry (at
 * least ±1%), its wide spacing out to ±2.5σ (at least ±3%); at most 30 fine and 12 wide a side.
 */
function strikeGrid(profile: SymbolProfile, spot: number, sigma: number): Float64Array {
  const step = profile.strikeStep;
  const wide = profile.wideStrikeStep;
  const inner = spot * Math.max(1.2 * sigma, 0.01);
  const outer = spot * Math.max(2.5 * sigma, 0.03);
  const atm = Math.round(spot / step) * step;
  const set = new Set<number>();
  const roundK = (k: number): number => Math.round(k * 1000) / 1000;
  for (let i = 0; i <= 30; i++) {
    const up = atm + i * step;
    const dn = atm - i * step;
    if (up - spot <= inner || i <= 3) set.add(roundK(up));
    if ((spot - dn <= inner || i <= 3) && dn > 0) set.add(roundK(dn));
  }
  const hi = Math.max(...set);
  const lo = Math.min(...set);
  for (
    let i = 1, k = Math.ceil((hi + step) / wide) * wide;
    i <= 12 && k - spot <= outer;
    i++, k += wide
  )
    set.add(roundK(k));
  for (
    let i = 1, k = Math.floor((lo - step) / wide) * wide;
    i <= 12 && spot - k <= outer && k > 0;
    i++, k -= wide
  )
    set.add(roundK(k));
  return Float64Array.from([...set].sort((a, b) => a - b));
}
