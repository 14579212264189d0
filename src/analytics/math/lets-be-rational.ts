/**
 * Implied Black volatility by Peter Jäckel's "Let's Be Rational" (Wilmott, January 2015, pp 40–53):
 * the normalised Black function evaluated region by region without cancellation, four rational
 * initial guesses from transformed rational-cubic interpolation, then two Householder(3) steps,
 * which reach machine precision everywhere the price carries the information.
 *
 * Ported to TypeScript from the reference implementation (www.jaeckel.org/LetsBeRational.7z,
 * © 2013-2014 Peter Jäckel; "Permission to use, copy, modify, and distribute this software is
 * freely granted, provided that this notice is preserved." The software is provided "as is"
 * without warranty of any kind). The rational cubic follows Delbourgo & Gregory (SIAM J. Sci. Stat.
 * Comput. 1985) as in the same sources.
 *
 * Conventions: x = ln(F/K), s = σ·√T, θ = +1 call / −1 put; the normalised price is
 * b = price / √(F·K) (undiscounted).
 */
import {
  DBL_EPSILON,
  DBL_MAX,
  DBL_MIN,
  ONE_OVER_SQRT_TWO,
  ONE_OVER_SQRT_TWO_PI,
  erfcx,
  inverseNormCdf,
  normCdf,
  normPdf,
} from './normal.js';

const TWO_PI = 6.283185307179586;
const SQRT_PI_OVER_TWO = 1.2533141373155003;
const SQRT_THREE = 1.7320508075688772;
const SQRT_ONE_OVER_THREE = 0.5773502691896257;
const TWO_PI_OVER_SQRT_TWENTY_SEVEN = 1.2091995761561452;
const PI_OVER_SIX = 0.5235987755982988;
const SQRT_TWO_PI = 2.5066282746310002;

const SQRT_DBL_EPSILON = Math.sqrt(DBL_EPSILON);
const FOURTH_ROOT_DBL_EPSILON = Math.sqrt(SQRT_DBL_EPSILON);
const EIGHTH_ROOT_DBL_EPSILON = Math.sqrt(FOURTH_ROOT_DBL_EPSILON);
const SIXTEENTH_ROOT_DBL_EPSILON = Math.sqrt(EIGHTH_ROOT_DBL_EPSILON);
const SQRT_DBL_MIN = Math.sqrt(DBL_MIN);
const SQRT_DBL_MAX = Math.sqrt(DBL_MAX);

/** Returned by the normalised solver when the price is at or above the upper bound. */
export const LBR_ABOVE_MAXIMUM = DBL_MAX;
/** Returned when the price is below intrinsic value. */
export const LBR_BELOW_INTRINSIC = -DBL_MAX;

/** Householder iterations; two reach machine precision (the paper's result). */
export const LBR_MAX_ITERATIONS = 2;

const ASYMPTOTIC_EXPANSION_ACCURACY_THRESHOLD = -10; // η
const SMALL_T_EXPANSION_THRESHOLD = 2 * SIXTEENTH_ROOT_DBL_EPSILON; // τ

function householderFactor(newton: number, halley: number, hh3: number): number {
  return (1 + 0.5 * halley * newton) / (1 + newton * (halley + (hh3 * newton) / 6));
}

export function normalisedIntrinsic(x: number, q: number): number {
  if (q * x <= 0) return 0;
  const x2 = x * x;
  if (x2 < 98 * FOURTH_ROOT_DBL_EPSILON) {
    // Series of 2·sinh(x/2) keeps full precision for small |x|.
    return Math.abs(
      Math.max(
        (q < 0 ? -1 : 1) *
          x *
          (1 + x2 * (1 / 24 + x2 * (1 / 1920 + x2 * (1 / 322560 + (1 / 92897280) * x2)))),
        0,
      ),
    );
  }
  const bMax = Math.exp(0.5 * x);
  return Math.abs(Math.max((q < 0 ? -1 : 1) * (bMax - 1 / bMax), 0));
}

/** Asymptotic expansion of the normalised Black call for h = x/s ≪ 0 (region 1). */
function asymptoticExpansionOfNormalisedBlackCall(
  h: number,
  t: number,
  gauss = Math.exp(-0.5 * (h * h + t * t)),
): number {
  const e = (t / h) * (t / h);
  const r = (h + t) * (h - t);
  const q = (h / r) * (h / r);
  // 17th-order expansion of A(h,t) in q (Jäckel, eq. for region 1).
  // prettier-ignore
  const sum = (2.0+q*(-6.0E0-2.0*e+3.0*q*(1.0E1+e*(2.0E1+2.0*e)+5.0*q*(-1.4E1+e*(-7.0E1+e*(-4.2E1-2.0*e))+7.0*q*(1.8E1+e*(1.68E2+e*(2.52E2+e*(7.2E1+2.0*e)))+9.0*q*(-2.2E1+e*(-3.3E2+e*(-9.24E2+e*(-6.6E2+e*(-1.1E2-2.0*e))))+1.1E1*q*(2.6E1+e*(5.72E2+e*(2.574E3+e*(3.432E3+e*(1.43E3+e*(1.56E2+2.0*e)))))+1.3E1*q*(-3.0E1+e*(-9.1E2+e*(-6.006E3+e*(-1.287E4+e*(-1.001E4+e*(-2.73E3+e*(-2.1E2-2.0*e))))))+1.5E1*q*(3.4E1+e*(1.36E3+e*(1.2376E4+e*(3.8896E4+e*(4.862E4+e*(2.4752E4+e*(4.76E3+e*(2.72E2+2.0*e)))))))+1.7E1*q*(-3.8E1+e*(-1.938E3+e*(-2.3256E4+e*(-1.00776E5+e*(-1.84756E5+e*(-1.51164E5+e*(-5.4264E4+e*(-7.752E3+e*(-3.42E2-2.0*e))))))))+1.9E1*q*(4.2E1+e*(2.66E3+e*(4.0698E4+e*(2.3256E5+e*(5.8786E5+e*(7.05432E5+e*(4.0698E5+e*(1.08528E5+e*(1.197E4+e*(4.2E2+2.0*e)))))))))+2.1E1*q*(-4.6E1+e*(-3.542E3+e*(-6.7298E4+e*(-4.90314E5+e*(-1.63438E6+e*(-2.704156E6+e*(-2.288132E6+e*(-9.80628E5+e*(-2.01894E5+e*(-1.771E4+e*(-5.06E2-2.0*e))))))))))+2.3E1*q*(5.0E1+e*(4.6E3+e*(1.0626E5+e*(9.614E5+e*(4.08595E6+e*(8.9148E6+e*(1.04006E7+e*(6.53752E6+e*(2.16315E6+e*(3.542E5+e*(2.53E4+e*(6.0E2+2.0*e)))))))))))+2.5E1*q*(-5.4E1+e*(-5.85E3+e*(-1.6146E5+e*(-1.77606E6+e*(-9.37365E6+e*(-2.607579E7+e*(-4.01166E7+e*(-3.476772E7+e*(-1.687257E7+e*(-4.44015E6+e*(-5.9202E5+e*(-3.51E4+e*(-7.02E2-2.0*e))))))))))))+2.7E1*q*(5.8E1+e*(7.308E3+e*(2.3751E5+e*(3.12156E6+e*(2.003001E7+e*(6.919458E7+e*(1.3572783E8+e*(1.5511752E8+e*(1.0379187E8+e*(4.006002E7+e*(8.58429E6+e*(9.5004E5+e*(4.7502E4+e*(8.12E2+2.0*e)))))))))))))+2.9E1*q*(-6.2E1+e*(-8.99E3+e*(-3.39822E5+e*(-5.25915E6+e*(-4.032015E7+e*(-1.6934463E8+e*(-4.1250615E8+e*(-6.0108039E8+e*(-5.3036505E8+e*(-2.8224105E8+e*(-8.870433E7+e*(-1.577745E7+e*(-1.472562E6+e*(-6.293E4+e*(-9.3E2-2.0*e))))))))))))))+3.1E1*q*(6.6E1+e*(1.0912E4+e*(4.74672E5+e*(8.544096E6+e*(7.71342E7+e*(3.8707344E8+e*(1.14633288E9+e*(2.07431664E9+e*(2.33360622E9+e*(1.6376184E9+e*(7.0963464E8+e*(1.8512208E8+e*(2.7768312E7+e*(2.215136E6+e*(8.184E4+e*(1.056E3+2.0*e)))))))))))))))+3.3E1*(-7.0E1+e*(-1.309E4+e*(-6.49264E5+e*(-1.344904E7+e*(-1.4121492E8+e*(-8.344518E8+e*(-2.9526756E9+e*(-6.49588632E9+e*(-9.0751353E9+e*(-8.1198579E9+e*(-4.6399188E9+e*(-1.6689036E9+e*(-3.67158792E8+e*(-4.707164E7+e*(-3.24632E6+e*(-1.0472E5+e*(-1.19E3-2.0*e)))))))))))))))))*q)))))))))))))))));
  const b = ONE_OVER_SQRT_TWO_PI * gauss * (t / r) * sum;
  return Math.abs(Math.max(b, 0));
}

/** Region 4: one exponential and two erfcx evaluations, no cancellation beyond the rational terms. */
function normalisedBlackCallUsingErfcx(
  h: number,
  t: number,
  gauss = Math.exp(-0.5 * (h * h + t * t)),
): number {
  const b =
    0.5 * gauss * (erfcx(-ONE_OVER_SQRT_TWO * (h + t)) - erfcx(-ONE_OVER_SQRT_TWO * (h - t)));
  return Math.abs(Math.max(b, 0));
}

/** Region 2: twelfth-order expansion in t for small t = s/2. */
// Coefficients are divided by constants as multiplications by their reciprocals (folded at compile
// time): a division costs several times a multiplication, and this expansion runs in most solves.
function smallTExpansionOfNormalisedBlackCall(
  h: number,
  t: number,
  gauss = Math.exp(-0.5 * (h * h + t * t)),
): number {
  const a = 1 + h * (0.5 * SQRT_TWO_PI) * erfcx(-ONE_OVER_SQRT_TWO * h);
  const w = t * t;
  const h2 = h * h;
  const expansion =
    2 *
    t *
    (a +
      w *
        ((-1 + 3 * a + a * h2) * (1 / 6) +
          w *
            ((-7 + 15 * a + h2 * (-1 + 10 * a + a * h2)) * (1 / 120) +
              w *
                ((-57 + 105 * a + h2 * (-18 + 105 * a + h2 * (-1 + 21 * a + a * h2))) * (1 / 5040) +
                  w *
                    ((-561 +
                      945 * a +
                      h2 * (-285 + 1260 * a + h2 * (-33 + 378 * a + h2 * (-1 + 36 * a + a * h2)))) *
                      (1 / 362880) +
                      w *
                        ((-6555 +
                          10395 * a +
                          h2 *
                            (-4680 +
                              17325 * a +
                              h2 *
                                (-840 +
                                  6930 * a +
                                  h2 * (-52 + 990 * a + h2 * (-1 + 55 * a + a * h2))))) *
                          (1 / 39916800) +
                          (-89055 +
                            135135 * a +
                            h2 *
                              (-82845 +
                                270270 * a +
                                h2 *
                                  (-20370 +
                                    135135 * a +
                                    h2 *
                                      (-1926 +
                                        25740 * a +
                                        h2 * (-75 + 2145 * a + h2 * (-1 + 78 * a + a * h2)))))) *
                            w *
                            (1 / 6227020800.0)))))));
  const b = ONE_OVER_SQRT_TWO_PI * gauss * expansion;
  return Math.abs(Math.max(b, 0));
}

/** Region 3: the plain formula, used when the first term dominates. */
function normalisedBlackCallUsingNormCdf(x: number, s: number): number {
  const h = x / s;
  const t = 0.5 * s;
  const bMax = Math.exp(0.5 * x);
  const b = normCdf(h + t) * bMax - normCdf(h - t) / bMax;
  return Math.abs(Math.max(b, 0));
}

/** Normalised Black call b(x, s) = Φ(x/s + s/2)·e^{x/2} − Φ(x/s − s/2)·e^{−x/2}. */
export function normalisedBlackCall(x: number, s: number): number {
  if (x > 0) return normalisedIntrinsic(x, 1) + normalisedBlackCall(-x, s);
  if (s <= 0) return normalisedIntrinsic(x, 1);
  return normalisedBlackCallByRegion(x, s);
}

/**
 * b(x, s) for x ≤ 0 < s by region. `gauss` = exp(−(h² + t²)/2) when the caller has it already
 * (the regions that need it compute it otherwise).
 */
function normalisedBlackCallByRegion(x: number, s: number, gauss?: number): number {
  const h = x / s;
  const t = 0.5 * s;
  if (
    x < s * ASYMPTOTIC_EXPANSION_ACCURACY_THRESHOLD &&
    0.5 * s * s + x < s * (SMALL_T_EXPANSION_THRESHOLD + ASYMPTOTIC_EXPANSION_ACCURACY_THRESHOLD)
  )
    return asymptoticExpansionOfNormalisedBlackCall(h, t, gauss);
  if (t < SMALL_T_EXPANSION_THRESHOLD) return smallTExpansionOfNormalisedBlackCall(h, t, gauss);
  if (x + 0.5 * s * s > s * 0.85) return normalisedBlackCallUsingNormCdf(x, s);
  return normalisedBlackCallUsingErfcx(h, t, gauss);
}

/** ∂b/∂s. */
export function normalisedVega(x: number, s: number): number {
  const ax = Math.abs(x);
  if (ax <= 0) return ONE_OVER_SQRT_TWO_PI * Math.exp(-0.125 * s * s);
  if (s <= 0 || s <= ax * SQRT_DBL_MIN) return 0;
  const h = x / s;
  const t = 0.5 * s;
  return ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * (h * h + t * t));
}

/**
 * The vega of the last normalisedBlackCallWithVega call. A typed slot, not a `let`: a double
 * written to a module variable is boxed afresh on every write.
 */
const lastVega = new Float64Array(1);

/**
 * b(x, s) for x ≤ 0, leaving ∂b/∂s in `lastVega`: the regions that evaluate exp(−(h² + t²)/2) share
 * it with the vega (the iterations need both at every step). Same values as normalisedBlackCall
 * and normalisedVega.
 */
function normalisedBlackCallWithVega(x: number, s: number): number {
  if (x > 0 || s <= 0 || x === 0) {
    lastVega[0] = normalisedVega(x, s);
    return normalisedBlackCall(x, s);
  }
  const h = x / s;
  const t = 0.5 * s;
  const gauss = Math.exp(-0.5 * (h * h + t * t));
  lastVega[0] = s <= -x * SQRT_DBL_MIN ? 0 : ONE_OVER_SQRT_TWO_PI * gauss;
  return normalisedBlackCallByRegion(x, s, gauss);
}

/** Normalised Black price for θ = ±1 (reciprocal-strike put-call equivalence). */
export function normalisedBlack(x: number, s: number, theta: number): number {
  return normalisedBlackCall(theta < 0 ? -x : x, s);
}

/**
 * Undiscounted Black price on the forward, accurate in every region (out-of-the-money part computed
 * without cancellation, then intrinsic added).
 */
export function black(F: number, K: number, sigma: number, T: number, theta: number): number {
  const intrinsic = Math.abs(Math.max(theta < 0 ? K - F : F - K, 0));
  if (theta * (F - K) > 0) return intrinsic + black(F, K, sigma, T, -theta);
  return Math.max(
    intrinsic,
    Math.sqrt(F) * Math.sqrt(K) * normalisedBlack(Math.log(F / K), sigma * Math.sqrt(T), theta),
  );
}

// ——— rational cubic interpolation (Delbourgo & Gregory 1985) ———

const MIN_RATIONAL_CUBIC_CONTROL = -(1 - Math.sqrt(DBL_EPSILON));
const MAX_RATIONAL_CUBIC_CONTROL = 2 / (DBL_EPSILON * DBL_EPSILON);

function isZero(x: number): boolean {
  return Math.abs(x) < DBL_MIN;
}

function rationalCubicInterpolation(
  x: number,
  xL: number,
  xR: number,
  yL: number,
  yR: number,
  dL: number,
  dR: number,
  r: number,
): number {
  const h = xR - xL;
  if (Math.abs(h) <= 0) return 0.5 * (yL + yR);
  const t = (x - xL) / h;
  if (!(r >= MAX_RATIONAL_CUBIC_CONTROL)) {
    const omt = 1 - t;
    const t2 = t * t;
    const omt2 = omt * omt;
    return (
      (yR * t2 * t +
        (r * yR - h * dR) * t2 * omt +
        (r * yL + h * dL) * t * omt2 +
        yL * omt2 * omt) /
      (1 + (r - 3) * t * omt)
    );
  }
  return yR * t + yL * (1 - t);
}

function controlParameterLeft(
  xL: number,
  xR: number,
  yL: number,
  yR: number,
  dL: number,
  dR: number,
  secondDerivativeL: number,
): number {
  const h = xR - xL;
  const numerator = 0.5 * h * secondDerivativeL + (dR - dL);
  if (isZero(numerator)) return 0;
  const denominator = (yR - yL) / h - dL;
  if (isZero(denominator))
    return numerator > 0 ? MAX_RATIONAL_CUBIC_CONTROL : MIN_RATIONAL_CUBIC_CONTROL;
  return numerator / denominator;
}

function controlParameterRight(
  xL: number,
  xR: number,
  yL: number,
  yR: number,
  dL: number,
  dR: number,
  secondDerivativeR: number,
): number {
  const h = xR - xL;
  const numerator = 0.5 * h * secondDerivativeR + (dR - dL);
  if (isZero(numerator)) return 0;
  const denominator = dR - (yR - yL) / h;
  if (isZero(denominator))
    return numerator > 0 ? MAX_RATIONAL_CUBIC_CONTROL : MIN_RATIONAL_CUBIC_CONTROL;
  return numerator / denominator;
}

function minimumRationalCubicControl(
  dL: number,
  dR: number,
  s: number,
  preferShapePreservation: boolean,
): number {
  const monotonic = dL * s >= 0 && dR * s >= 0;
  const convex = dL <= s && s <= dR;
  const concave = dL >= s && s >= dR;
  if (!monotonic && !convex && !concave) return MIN_RATIONAL_CUBIC_CONTROL;
  const dRmdL = dR - dL;
  const dRms = dR - s;
  const smdL = s - dL;
  let r1 = -DBL_MAX;
  let r2 = r1;
  if (monotonic) {
    if (!isZero(s)) r1 = (dR + dL) / s;
    else if (preferShapePreservation) r1 = MAX_RATIONAL_CUBIC_CONTROL;
  }
  if (convex || concave) {
    if (!(isZero(smdL) || isZero(dRms)))
      r2 = Math.max(Math.abs(dRmdL / dRms), Math.abs(dRmdL / smdL));
    else if (preferShapePreservation) r2 = MAX_RATIONAL_CUBIC_CONTROL;
  } else if (monotonic && preferShapePreservation) r2 = MAX_RATIONAL_CUBIC_CONTROL;
  return Math.max(MIN_RATIONAL_CUBIC_CONTROL, Math.max(r1, r2));
}

function convexControlLeft(
  xL: number,
  xR: number,
  yL: number,
  yR: number,
  dL: number,
  dR: number,
  secondDerivativeL: number,
  preferShapePreservation: boolean,
): number {
  const r = controlParameterLeft(xL, xR, yL, yR, dL, dR, secondDerivativeL);
  const rMin = minimumRationalCubicControl(dL, dR, (yR - yL) / (xR - xL), preferShapePreservation);
  return Math.max(r, rMin);
}

function convexControlRight(
  xL: number,
  xR: number,
  yL: number,
  yR: number,
  dL: number,
  dR: number,
  secondDerivativeR: number,
  preferShapePreservation: boolean,
): number {
  const r = controlParameterRight(xL, xR, yL, yR, dL, dR, secondDerivativeR);
  const rMin = minimumRationalCubicControl(dL, dR, (yR - yL) / (xR - xL), preferShapePreservation);
  return Math.max(r, rMin);
}

// ——— the lower and upper transformation maps ———

function inverseFLowerMap(x: number, f: number): number {
  return Math.abs(
    x / (SQRT_THREE * inverseNormCdf(Math.cbrt(f / (TWO_PI_OVER_SQRT_TWENTY_SEVEN * Math.abs(x))))),
  );
}

function inverseFUpperMap(f: number): number {
  return -2 * inverseNormCdf(f);
}

/**
 * The points of the initial guess that depend on x alone: b_c, its vega, the lower and upper
 * points s_l and s_h and each segment's rational-cubic control. A chain lists a strike's call and
 * put side by side and both map to the same x, so the second solve reuses the first's work; NaN
 * marks a quantity not needed (and not computed) yet for this x. One entry, so no memory grows.
 */
interface GuessPoints {
  x: number;
  sC: number;
  bC: number;
  vC: number;
  sL: number;
  bL: number;
  vL: number;
  rLM: number;
  fLowerL: number;
  fpL: number;
  rLL: number;
  sH: number;
  bH: number;
  vH: number;
  rHM: number;
  fUpperH: number;
  fpH: number;
  /** NaN also when the upper control cannot be formed (the linear fallback is used then). */
  rHH: number;
  upperReady: boolean;
}

const lastGuess: GuessPoints = {
  x: NaN,
  sC: NaN,
  bC: NaN,
  vC: NaN,
  sL: NaN,
  bL: NaN,
  vL: NaN,
  rLM: NaN,
  fLowerL: NaN,
  fpL: NaN,
  rLL: NaN,
  sH: NaN,
  bH: NaN,
  vH: NaN,
  rHM: NaN,
  fUpperH: NaN,
  fpH: NaN,
  rHH: NaN,
  upperReady: false,
};

function guessPoints(x: number): GuessPoints {
  const p = lastGuess;
  if (p.x === x) return p;
  p.x = x;
  p.sC = Math.sqrt(Math.abs(2 * x));
  // At s_c = √(2|x|) the first term's argument is 0, and b_c contracts to e^{x/2}·(1 − erfcx(√|x|))/2
  // (Jäckel's 2024 notes): one erfcx instead of a Black evaluation. Only where 1 − erfcx does not
  // cancel: b_c places the initial guess, and the iterations then need it to a few ulps.
  const y = Math.sqrt(Math.abs(x));
  p.bC = y > 0.01 ? 0.5 * Math.exp(0.5 * x) * (1 - erfcx(y)) : normalisedBlackCall(x, p.sC);
  // b′(x, s_c) = e^{−|x|/2}/√(2π): at s_c, h² + t² = |x| in the vega's exponent.
  p.vC = ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * Math.abs(x));
  p.sL = p.bL = p.vL = p.rLM = p.fLowerL = p.fpL = p.rLL = NaN;
  p.sH = p.bH = p.vH = p.rHM = p.fUpperH = p.fpH = p.rHH = NaN;
  p.upperReady = false;
  return p;
}

function lowerPoint(p: GuessPoints): void {
  if (!Number.isNaN(p.sL)) return;
  p.sL = p.sC - p.bC / p.vC;
  p.bL = normalisedBlackCall(p.x, p.sL);
}

function lowestSegment(p: GuessPoints): void {
  if (!Number.isNaN(p.rLL)) return;
  const { x, sL, bL } = p;
  const ax = Math.abs(x);
  const z = (SQRT_ONE_OVER_THREE * ax) / sL;
  const y = z * z;
  const s2 = sL * sL;
  const Phi = normCdf(-z);
  const phi = normPdf(z);
  const fpp =
    ((PI_OVER_SIX * y) / (s2 * sL)) *
    Phi *
    (8 * SQRT_THREE * sL * ax + ((3 * s2 * (s2 - 8) - 8 * x * x) * Phi) / phi) *
    Math.exp(2 * y + 0.25 * s2);
  const Phi2 = Phi * Phi;
  p.fpL = TWO_PI * y * Phi2 * Math.exp(y + 0.125 * sL * sL);
  p.fLowerL = TWO_PI_OVER_SQRT_TWENTY_SEVEN * ax * (Phi2 * Phi);
  p.rLL = convexControlRight(0, bL, 0, p.fLowerL, 1, p.fpL, fpp, true);
}

function lowerMiddleSegment(p: GuessPoints): void {
  if (!Number.isNaN(p.rLM)) return;
  p.vL = normalisedVega(p.x, p.sL);
  p.rLM = convexControlRight(p.bL, p.bC, p.sL, p.sC, 1 / p.vL, 1 / p.vC, 0, false);
}

function upperPoint(p: GuessPoints): void {
  if (!Number.isNaN(p.sH)) return;
  const bMax = Math.exp(0.5 * p.x);
  p.sH = p.vC > DBL_MIN ? p.sC + (bMax - p.bC) / p.vC : p.sC;
  p.bH = normalisedBlackCall(p.x, p.sH);
}

function upperMiddleSegment(p: GuessPoints): void {
  if (!Number.isNaN(p.rHM)) return;
  p.vH = normalisedVega(p.x, p.sH);
  p.rHM = convexControlLeft(p.bC, p.bH, p.sC, p.sH, 1 / p.vC, 1 / p.vH, 0, false);
}

function upperSegment(p: GuessPoints): void {
  if (p.upperReady) return;
  p.upperReady = true;
  const { x, sH, bH } = p;
  const bMax = Math.exp(0.5 * x);
  p.fUpperH = normCdf(-0.5 * sH);
  let fppH: number;
  if (x === 0) {
    p.fpH = -0.5;
    fppH = 0;
  } else {
    const w = (x / sH) * (x / sH);
    p.fpH = -0.5 * Math.exp(0.5 * w);
    fppH = (SQRT_PI_OVER_TWO * Math.exp(w + 0.125 * sH * sH) * w) / sH;
  }
  p.rHH =
    fppH > -SQRT_DBL_MAX && fppH < SQRT_DBL_MAX
      ? convexControlLeft(bH, bMax, p.fUpperH, 0, p.fpH, -0.5, fppH, true)
      : NaN;
}

/**
 * Normalised implied volatility s = σ√T for a normalised out-of-the-money-or-any price β.
 * Returns 0 for β ≤ intrinsic and LBR_ABOVE_MAXIMUM when β ≥ b_max. No bounds checks beyond that.
 */
export function normalisedImpliedVolatility(
  betaIn: number,
  xIn: number,
  qIn: number,
  N = LBR_MAX_ITERATIONS,
): number {
  let beta = betaIn;
  let x = xIn;
  let q = qIn;
  if (q * x > 0) {
    beta = Math.abs(Math.max(beta - normalisedIntrinsic(x, q), 0));
    q = -q;
  }
  // Map puts to calls (q is +1 from here on).
  if (q < 0) x = -x;
  if (beta <= 0) return 0;
  const bMax = Math.exp(0.5 * x);
  if (beta >= bMax) return LBR_ABOVE_MAXIMUM;
  let iterations = 0;
  let directionReversals = 0;
  let f = -DBL_MAX;
  let s = -DBL_MAX;
  let ds = s;
  let dsPrevious = 0;
  let sLeft = DBL_MIN;
  let sRight = DBL_MAX;
  const pts = guessPoints(x);
  const { sC, bC, vC } = pts;

  if (beta < bC) {
    lowerPoint(pts);
    const { sL, bL } = pts;
    if (beta < bL) {
      // Lowest segment: objective g(s) = 1/ln(b(s)) − 1/ln(β).
      lowestSegment(pts);
      const { fLowerL, fpL, rLL } = pts;
      f = rationalCubicInterpolation(beta, 0, bL, 0, fLowerL, 1, fpL, rLL);
      if (!(f > 0)) {
        const t = beta / bL;
        f = (fLowerL * t + bL * (1 - t)) * t;
      }
      s = inverseFLowerMap(x, f);
      sRight = sL;
      const lnBeta = Math.log(beta);
      for (; iterations < N && Math.abs(ds) > DBL_EPSILON * s; ++iterations) {
        if (ds * dsPrevious < 0) ++directionReversals;
        if (iterations > 0 && (directionReversals === 3 || !(s > sLeft && s < sRight))) {
          s = 0.5 * (sLeft + sRight);
          if (sRight - sLeft <= DBL_EPSILON * s) break;
          directionReversals = 0;
          ds = 0;
        }
        dsPrevious = ds;
        const b = normalisedBlackCallWithVega(x, s);
        const bp = lastVega[0];
        if (b > beta && s < sRight) sRight = s;
        else if (b < beta && s > sLeft) sLeft = s;
        if (b <= 0 || bp <= 0) ds = 0.5 * (sLeft + sRight) - s;
        else {
          const lnB = Math.log(b);
          const bpob = bp / b;
          const h = x / s;
          const bHalley = (h * h) / s - s / 4;
          const newton = ((lnBeta - lnB) * lnB) / lnBeta / bpob;
          const halley = bHalley - bpob * (1 + 2 / lnB);
          const bHh3 = bHalley * bHalley - 3 * (h / s) * (h / s) - 0.25;
          const hh3 =
            bHh3 +
            2 * bpob * bpob * (1 + (3 / lnB) * (1 + 1 / lnB)) -
            3 * bHalley * bpob * (1 + 2 / lnB);
          ds = newton * householderFactor(newton, halley, hh3);
        }
        ds = Math.max(-0.5 * s, ds);
        s += ds;
      }
      return s;
    }
    lowerMiddleSegment(pts);
    s = rationalCubicInterpolation(beta, bL, bC, sL, sC, 1 / pts.vL, 1 / vC, pts.rLM);
    sLeft = sL;
    sRight = sC;
  } else {
    upperPoint(pts);
    const { sH, bH } = pts;
    if (beta <= bH) {
      upperMiddleSegment(pts);
      s = rationalCubicInterpolation(beta, bC, bH, sC, sH, 1 / vC, 1 / pts.vH, pts.rHM);
      sLeft = sC;
      sRight = sH;
    } else {
      // Upper segment: objective g(s) = ln((b_max − β)/(b_max − b(s))).
      upperSegment(pts);
      const { fUpperH, fpH, rHH } = pts;
      if (!Number.isNaN(rHH))
        f = rationalCubicInterpolation(beta, bH, bMax, fUpperH, 0, fpH, -0.5, rHH);
      if (f <= 0) {
        const h = bMax - bH;
        const t = (beta - bH) / h;
        f = (fUpperH * (1 - t) + 0.5 * h * t) * (1 - t);
      }
      s = inverseFUpperMap(f);
      sLeft = sH;
      if (beta > 0.5 * bMax) {
        for (; iterations < N && Math.abs(ds) > DBL_EPSILON * s; ++iterations) {
          if (ds * dsPrevious < 0) ++directionReversals;
          if (iterations > 0 && (directionReversals === 3 || !(s > sLeft && s < sRight))) {
            s = 0.5 * (sLeft + sRight);
            if (sRight - sLeft <= DBL_EPSILON * s) break;
            directionReversals = 0;
            ds = 0;
          }
          dsPrevious = ds;
          const b = normalisedBlackCallWithVega(x, s);
          const bp = lastVega[0];
          if (b > beta && s < sRight) sRight = s;
          else if (b < beta && s > sLeft) sLeft = s;
          if (b >= bMax || bp <= DBL_MIN) ds = 0.5 * (sLeft + sRight) - s;
          else {
            const bMaxMinusB = bMax - b;
            const g = Math.log((bMax - beta) / bMaxMinusB);
            const gp = bp / bMaxMinusB;
            const bHalley = ((x / s) * (x / s)) / s - s / 4;
            const bHh3 = bHalley * bHalley - 3 * (x / (s * s)) * (x / (s * s)) - 0.25;
            const newton = -g / gp;
            const halley = bHalley + gp;
            const hh3 = bHh3 + gp * (2 * gp + 3 * bHalley);
            ds = newton * householderFactor(newton, halley, hh3);
          }
          ds = Math.max(-0.5 * s, ds);
          s += ds;
        }
        return s;
      }
    }
  }
  // Two middle segments: objective g(s) = b(s) − β.
  for (; iterations < N && Math.abs(ds) > DBL_EPSILON * s; ++iterations) {
    if (ds * dsPrevious < 0) ++directionReversals;
    if (iterations > 0 && (directionReversals === 3 || !(s > sLeft && s < sRight))) {
      s = 0.5 * (sLeft + sRight);
      if (sRight - sLeft <= DBL_EPSILON * s) break;
      directionReversals = 0;
      ds = 0;
    }
    dsPrevious = ds;
    const b = normalisedBlackCallWithVega(x, s);
    const bp = lastVega[0];
    if (b > beta && s < sRight) sRight = s;
    else if (b < beta && s > sLeft) sLeft = s;
    const newton = (beta - b) / bp;
    const halley = ((x / s) * (x / s)) / s - s / 4;
    const hh3 = halley * halley - 3 * (x / (s * s)) * (x / (s * s)) - 0.25;
    ds = Math.max(-0.5 * s, newton * householderFactor(newton, halley, hh3));
    s += ds;
  }
  return s;
}

/**
 * Black implied volatility from an undiscounted forward price. Returns LBR_BELOW_INTRINSIC or
 * LBR_ABOVE_MAXIMUM as sentinels (the checked wrapper in implied-volatility.ts maps them to reasons).
 */
export function blackImpliedVolatility(
  price: number,
  F: number,
  K: number,
  T: number,
  theta: number,
  N = LBR_MAX_ITERATIONS,
): number {
  const intrinsic = Math.abs(Math.max(theta < 0 ? K - F : F - K, 0));
  if (price < intrinsic) return LBR_BELOW_INTRINSIC;
  const maxPrice = theta < 0 ? K : F;
  if (price >= maxPrice) return LBR_ABOVE_MAXIMUM;
  const x = Math.log(F / K);
  let p = price;
  let q = theta;
  if (q * x > 0) {
    p = Math.abs(Math.max(p - intrinsic, 0));
    q = -q;
  }
  return normalisedImpliedVolatility(p / (Math.sqrt(F) * Math.sqrt(K)), x, q, N) / Math.sqrt(T);
}
