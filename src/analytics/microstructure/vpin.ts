/**
 * VPIN — volume-synchronised probability of informed trading (Easley, López de Prado and O'Hara,
 * "Flow Toxicity and Liquidity in a High-Frequency World", 2012).
 *
 * Bars (time bars, e.g. 1 minute) are classified by bulk volume classification: the buy share of a
 * bar's volume is Φ(ΔP / σ_ΔP), with ΔP the bar's close-to-close price change and σ_ΔP the standard
 * deviation of recent price changes; the rest is sell volume. Volume fills buckets of a fixed size
 * V (a bar may spill into the next bucket). For each full bucket the order imbalance is
 * |V_buy − V_sell|; VPIN = Σ imbalance over the last n buckets / (n × V), n = 50 by default (fewer
 * while warming up). The value is `confident` once more than 30 buckets have completed.
 */
import { normCdf as normalCdf } from '../math/normal.js';

export interface VpinOptions {
  /** Shares (or contracts) per volume bucket, e.g. 1,000. */
  bucketVolume: number;
  /** Rolling window of buckets (50 in the paper). */
  window?: number;
  /** Buckets needed before the value is called confident (strictly more than this). */
  confidentAfter?: number;
  /** Price changes kept for σ_ΔP. */
  sigmaWindow?: number;
}

export interface VpinValue {
  value: number;
  buckets: number;
  confident: boolean;
}

export class Vpin {
  private readonly bucketVolume: number;
  private readonly window: number;
  private readonly confidentAfter: number;
  private readonly sigmaWindow: number;
  private readonly changes: number[] = [];
  private readonly imbalances: number[] = [];
  private lastPrice: number | null = null;
  private bucketBuy = 0;
  private bucketSell = 0;
  private completed = 0;

  constructor(options: VpinOptions) {
    if (!(options.bucketVolume > 0)) throw new Error('VPIN bucketVolume must be > 0');
    this.bucketVolume = options.bucketVolume;
    this.window = options.window ?? 50;
    this.confidentAfter = options.confidentAfter ?? 30;
    this.sigmaWindow = options.sigmaWindow ?? 100;
  }

  /** Buy fraction of a bar by bulk volume classification. */
  private buyFraction(change: number): number {
    const n = this.changes.length;
    if (n < 2) return 0.5;
    let mean = 0;
    for (const c of this.changes) mean += c;
    mean /= n;
    let ss = 0;
    for (const c of this.changes) ss += (c - mean) * (c - mean);
    const sigma = Math.sqrt(ss / (n - 1));
    if (!(sigma > 0)) return change > 0 ? 1 : change < 0 ? 0 : 0.5;
    return normalCdf(change / sigma);
  }

  /** Adds a bar: its closing price and its volume. */
  addBar(close: number, volume: number): void {
    if (!(close > 0) || !(volume > 0)) {
      if (close > 0) this.lastPrice = close;
      return;
    }
    if (this.lastPrice === null) {
      // The first bar has no price change to classify; it only sets the reference price.
      this.lastPrice = close;
      return;
    }
    const change = close - this.lastPrice;
    this.lastPrice = close;
    this.changes.push(change);
    if (this.changes.length > this.sigmaWindow) this.changes.shift();
    const buyShare = this.buyFraction(change);
    let remaining = volume;
    while (remaining > 0) {
      const room = this.bucketVolume - (this.bucketBuy + this.bucketSell);
      const take = Math.min(room, remaining);
      this.bucketBuy += take * buyShare;
      this.bucketSell += take * (1 - buyShare);
      remaining -= take;
      if (this.bucketBuy + this.bucketSell >= this.bucketVolume - 1e-9) {
        this.imbalances.push(Math.abs(this.bucketBuy - this.bucketSell));
        if (this.imbalances.length > this.window) this.imbalances.shift();
        this.completed += 1;
        this.bucketBuy = 0;
        this.bucketSell = 0;
      }
    }
  }

  /** Completed buckets since the start. */
  get buckets(): number {
    return this.completed;
  }

  /** Current VPIN, or null before the first bucket completes. */
  value(): VpinValue | null {
    const n = this.imbalances.length;
    if (n === 0) return null;
    let sum = 0;
    for (const x of this.imbalances) sum += x;
    return {
      value: sum / (n * this.bucketVolume),
      buckets: this.completed,
      confident: this.completed > this.confidentAfter,
    };
  }
}
