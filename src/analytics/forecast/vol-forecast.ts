/**
 * Volatility forecast: an EWMA of the implied-minus-realised spread s_t = IV_t − RV_t,
 *   f_t = λ f_{t−1} + (1 − λ) s_t (f_1 = s_1),
 * whose one-step-ahead error e_t = s_t − f_{t−1} is tracked as an EWMA of e² with the same λ;
 * `error` is its square root (an RMSE, in vol points as a decimal). The state is plain numbers so
 * it can be stored (daily summary row) and restored for recalibration.
 */
export interface VolForecastState {
  ewma: number | null;
  mse: number | null;
  observations: number;
}

export interface VolForecast {
  impliedMinusRealised: number;
  ewma: number;
  error: number | null;
}

export class VolSpreadForecaster {
  private state: VolForecastState;

  constructor(
    private readonly lambda = 0.94,
    initial: VolForecastState = { ewma: null, mse: null, observations: 0 },
  ) {
    if (!(lambda > 0 && lambda < 1)) throw new Error('EWMA lambda must be in (0, 1)');
    this.state = { ...initial };
  }

  /** Folds one observation (e.g. a day's closing IV and RV) into the state. */
  update(impliedVol: number, realisedVol: number): VolForecast | null {
    const next = this.next(impliedVol, realisedVol);
    if (!next) return null;
    this.state = next.state;
    return next.forecast;
  }

  /** What `update` would return, without changing the state (intraday, before the day closes). */
  preview(impliedVol: number, realisedVol: number): VolForecast | null {
    return this.next(impliedVol, realisedVol)?.forecast ?? null;
  }

  private next(
    impliedVol: number,
    realisedVol: number,
  ): { state: VolForecastState; forecast: VolForecast } | null {
    if (!Number.isFinite(impliedVol) || !Number.isFinite(realisedVol)) return null;
    const s = impliedVol - realisedVol;
    const prev = this.state.ewma;
    if (prev === null) {
      return {
        state: { ewma: s, mse: null, observations: 1 },
        forecast: { impliedMinusRealised: s, ewma: s, error: null },
      };
    }
    const e = s - prev;
    const mse =
      this.state.mse === null ? e * e : this.lambda * this.state.mse + (1 - this.lambda) * e * e;
    const ewma = this.lambda * prev + (1 - this.lambda) * s;
    return {
      state: { ewma, mse, observations: this.state.observations + 1 },
      forecast: { impliedMinusRealised: s, ewma, error: Math.sqrt(mse) },
    };
  }

  snapshot(): VolForecastState {
    return { ...this.state };
  }
}
