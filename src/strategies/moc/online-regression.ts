/**
 * Online linear regression by recursive least squares (RLS) with a forgetting factor: after each
 * (x, y) the weights are the exact weighted least-squares fit of everything seen so far, older
 * samples discounted by λ per update. Pure: every update returns a new state (plain arrays, so the
 * state serialises as JSON with the rest of a strategy's state).
 *
 *   k = P x / (λ + xᵀ P x);   w ← w + k (y − wᵀx);   P ← (P − k xᵀ P) / λ
 */
export interface RlsState {
  dim: number;
  /** Weights, length dim. */
  w: number[];
  /** Inverse-covariance estimate, dim×dim row-major. */
  p: number[];
  /** Forgetting factor in (0, 1]; 1 = never forget. */
  lambda: number;
  /** Samples learned. */
  n: number;
}

export function createRls(
  dim: number,
  options: { lambda?: number; delta?: number } = {},
): RlsState {
  const lambda = options.lambda ?? 0.995;
  const delta = options.delta ?? 100;
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`RLS dimension must be ≥ 1, got ${dim}`);
  if (!(lambda > 0 && lambda <= 1)) throw new Error(`RLS lambda must be in (0, 1], got ${lambda}`);
  if (!(delta > 0)) throw new Error(`RLS delta must be > 0, got ${delta}`);
  const p = new Array<number>(dim * dim).fill(0);
  for (let i = 0; i < dim; i++) p[i * dim + i] = delta;
  return { dim, w: new Array<number>(dim).fill(0), p, lambda, n: 0 };
}

function checkInput(state: RlsState, x: readonly number[]): void {
  if (x.length !== state.dim) throw new Error(`RLS expects ${state.dim} features, got ${x.length}`);
}

export function rlsPredict(state: RlsState, x: readonly number[]): number {
  checkInput(state, x);
  let y = 0;
  for (let i = 0; i < state.dim; i++) y += state.w[i] * x[i];
  return y;
}

/** Learns one sample. A non-finite x or y leaves the state unchanged (bad data teaches nothing). */
export function rlsUpdate(state: RlsState, x: readonly number[], y: number): RlsState {
  checkInput(state, x);
  if (!Number.isFinite(y) || x.some((v) => !Number.isFinite(v))) return state;
  const { dim, lambda } = state;
  const P = state.p;
  const px = new Array<number>(dim).fill(0);
  for (let i = 0; i < dim; i++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += P[i * dim + j] * x[j];
    px[i] = s;
  }
  let denom = lambda;
  for (let i = 0; i < dim; i++) denom += x[i] * px[i];
  const k = px.map((v) => v / denom);
  const err = y - rlsPredict(state, x);
  const w = state.w.map((wi, i) => wi + k[i] * err);
  // xᵀP (row vector); P symmetric so xᵀP = (P x)ᵀ.
  const p = new Array<number>(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) p[i * dim + j] = (P[i * dim + j] - k[i] * px[j]) / lambda;
  }
  // Keep P symmetric against rounding drift.
  for (let i = 0; i < dim; i++) {
    for (let j = i + 1; j < dim; j++) {
      const m = 0.5 * (p[i * dim + j] + p[j * dim + i]);
      p[i * dim + j] = m;
      p[j * dim + i] = m;
    }
  }
  return { dim, w, p, lambda, n: state.n + 1 };
}
