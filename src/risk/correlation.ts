/**
 * Rolling return correlation between underlyings, from the spots the engine sees (one sample per
 * symbol per minute bucket, so symbols quoted at slightly different instants still line up).
 */
export class CorrelationTracker {
  private readonly series = new Map<string, Map<number, number>>();
  constructor(
    private readonly bucketMs = 60_000,
    private readonly maxBuckets = 390,
  ) {}

  record(symbol: string, at: number, spot: number): void {
    if (!(spot > 0)) return;
    let s = this.series.get(symbol);
    if (!s) {
      s = new Map();
      this.series.set(symbol, s);
    }
    s.set(Math.floor(at / this.bucketMs), spot);
    if (s.size > this.maxBuckets) {
      const oldest = s.keys().next().value;
      if (oldest !== undefined) s.delete(oldest);
    }
  }

  /** Pearson correlation of log returns over common buckets; 1 for the same symbol; null if < 5 pairs. */
  correlation(a: string, b: string): number | null {
    if (a === b) return 1;
    const sa = this.series.get(a);
    const sb = this.series.get(b);
    if (!sa || !sb) return null;
    const keys = [...sa.keys()].filter((k) => sb.has(k)).sort((x, y) => x - y);
    const ra: number[] = [];
    const rb: number[] = [];
    for (let i = 1; i < keys.length; i++) {
      ra.push(Math.log(sa.get(keys[i])! / sa.get(keys[i - 1])!));
      rb.push(Math.log(sb.get(keys[i])! / sb.get(keys[i - 1])!));
    }
    return pearson(ra, rb);
  }
}

export function pearson(x: number[], y: number[]): number | null {
  const n = Math.min(x.length, y.length);
  if (n < 5) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}
