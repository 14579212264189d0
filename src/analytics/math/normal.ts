/* eslint-disable no-loss-of-precision -- Cody's and Wichura's coefficients keep their published digits. */
/**
 * The standard normal distribution to full double precision.
 *
 * erf / erfc / erfcx follow W. J. Cody, "Rational Chebyshev approximations for the error function",
 * Math. Comp. 1969 (the netlib `specfun/erf` CALERF routine), which is accurate to the last bit of a
 * double; the IV solver and the tails of the Black formula depend on that. Φ(z) for z ≤ −10 uses the
 * asymptotic series of Abramowitz & Stegun 26.2.12, as in Jäckel's "Let's Be Rational" sources.
 * Φ⁻¹ is Wichura's AS241 (accurate to about 1 part in 10¹⁶).
 */

export const SQRT_TWO_PI = 2.5066282746310002;
export const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
export const ONE_OVER_SQRT_TWO = 0.7071067811865476;
export const DBL_EPSILON = Number.EPSILON;
export const DBL_MIN = 2.2250738585072014e-308;
export const DBL_MAX = Number.MAX_VALUE;

const A0 = 3.1611237438705656,
  A1 = 113.864154151050156,
  A2 = 377.485237685302021,
  A3 = 3209.37758913846947,
  A4 = 0.185777706184603153;
const B0 = 23.6012909523441209,
  B1 = 244.024637934444173,
  B2 = 1282.61652607737228,
  B3 = 2844.23683343917062;
const C0 = 0.564188496988670089,
  C1 = 8.88314979438837594,
  C2 = 66.1191906371416295,
  C3 = 298.635138197400131,
  C4 = 881.95222124176909,
  C5 = 1712.04761263407058,
  C6 = 2051.07837782607147,
  C7 = 1230.33935479799725,
  C8 = 2.15311535474403846e-8;
const D0 = 15.7449261107098347,
  D1 = 117.693950891312499,
  D2 = 537.181101862009858,
  D3 = 1621.38957456669019,
  D4 = 3290.79923573345963,
  D5 = 4362.61909014324716,
  D6 = 3439.36767414372164,
  D7 = 1230.33935480374942;
const P0 = 0.305326634961232344,
  P1 = 0.360344899949804439,
  P2 = 0.125781726111229246,
  P3 = 0.0160837851487422766,
  P4 = 6.58749161529837803e-4,
  P5 = 0.0163153871373020978;
const Q0 = 2.56852019228982242,
  Q1 = 1.87295284992346047,
  Q2 = 0.527905102951428412,
  Q3 = 0.0605183413124413191,
  Q4 = 0.00233520497626869185;
const SQRPI = 0.56418958354775628695; // 1/√π
const THRESH = 0.46875;
const XNEG = -26.628;
const XSMALL = 1.11e-16;
const XBIG = 26.543;
const XHUGE = 6.71e7;
const XMAX = 2.53e307;

/** Cody's CALERF: jint 0 → erf, 1 → erfc, 2 → erfcx = exp(x²)·erfc(x). */
function calerf(x: number, jint: 0 | 1 | 2): number {
  const y = Math.abs(x);
  let result: number;
  if (y <= THRESH) {
    const ysq = y > XSMALL ? y * y : 0;
    let xnum = A4 * ysq;
    let xden = ysq;
    xnum = (xnum + A0) * ysq;
    xden = (xden + B0) * ysq;
    xnum = (xnum + A1) * ysq;
    xden = (xden + B1) * ysq;
    xnum = (xnum + A2) * ysq;
    xden = (xden + B2) * ysq;
    result = (x * (xnum + A3)) / (xden + B3);
    if (jint !== 0) result = 1 - result;
    if (jint === 2) result = Math.exp(ysq) * result;
    return result;
  }
  if (y <= 4) {
    let xnum = C8 * y;
    let xden = y;
    xnum = (xnum + C0) * y;
    xden = (xden + D0) * y;
    xnum = (xnum + C1) * y;
    xden = (xden + D1) * y;
    xnum = (xnum + C2) * y;
    xden = (xden + D2) * y;
    xnum = (xnum + C3) * y;
    xden = (xden + D3) * y;
    xnum = (xnum + C4) * y;
    xden = (xden + D4) * y;
    xnum = (xnum + C5) * y;
    xden = (xden + D5) * y;
    xnum = (xnum + C6) * y;
    xden = (xden + D6) * y;
    result = (xnum + C7) / (xden + D7);
    if (jint !== 2) {
      // exp(−y²) split in two so the product keeps full precision.
      const ysq = Math.trunc(y * 16) / 16;
      const del = (y - ysq) * (y + ysq);
      result = Math.exp(-ysq * ysq) * Math.exp(-del) * result;
    }
  } else {
    result = 0;
    let done = false;
    if (y >= XBIG) {
      if (jint !== 2 || y >= XMAX) done = true;
      else if (y >= XHUGE) {
        result = SQRPI / y;
        done = true;
      }
    }
    if (!done) {
      const ysq = 1 / (y * y);
      let xnum = P5 * ysq;
      let xden = ysq;
      xnum = (xnum + P0) * ysq;
      xden = (xden + Q0) * ysq;
      xnum = (xnum + P1) * ysq;
      xden = (xden + Q1) * ysq;
      xnum = (xnum + P2) * ysq;
      xden = (xden + Q2) * ysq;
      xnum = (xnum + P3) * ysq;
      xden = (xden + Q3) * ysq;
      result = (ysq * (xnum + P4)) / (xden + Q4);
      result = (SQRPI - result) / y;
      if (jint !== 2) {
        const ysq2 = Math.trunc(y * 16) / 16;
        const del = (y - ysq2) * (y + ysq2);
        result = Math.exp(-ysq2 * ysq2) * Math.exp(-del) * result;
      }
    }
  }
  if (jint === 0) {
    result = 0.5 - result + 0.5;
    if (x < 0) result = -result;
  } else if (jint === 1) {
    if (x < 0) result = 2 - result;
  } else if (x < 0) {
    if (x < XNEG) result = DBL_MAX;
    else {
      const ysq = Math.trunc(x * 16) / 16;
      const del = (x - ysq) * (x + ysq);
      const e = Math.exp(ysq * ysq) * Math.exp(del);
      result = e + e - result;
    }
  }
  return result;
}

export function erf(x: number): number {
  return calerf(x, 0);
}

export function erfc(x: number): number {
  return calerf(x, 1);
}

/** Scaled complementary error function exp(x²)·erfc(x). */
export function erfcx(x: number): number {
  return calerf(x, 2);
}

/** Standard normal density φ(z). */
export function normPdf(z: number): number {
  return ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * z * z);
}

const ASYMPTOTIC_FIRST_THRESHOLD = -10;
const ASYMPTOTIC_SECOND_THRESHOLD = -1 / Math.sqrt(DBL_EPSILON);

/** Standard normal distribution Φ(z), full relative precision in the lower tail. */
export function normCdf(z: number): number {
  if (z <= ASYMPTOTIC_FIRST_THRESHOLD) {
    let sum = 1;
    if (z >= ASYMPTOTIC_SECOND_THRESHOLD) {
      const zsqr = z * z;
      let i = 1;
      let g = 1;
      let a = DBL_MAX;
      let lasta: number;
      do {
        lasta = a;
        const x = (4 * i - 3) / zsqr;
        const y = x * ((4 * i - 1) / zsqr);
        a = g * (x - y);
        sum -= a;
        g *= y;
        ++i;
        a = Math.abs(a);
      } while (lasta > a && a >= Math.abs(sum * DBL_EPSILON));
    }
    return (-normPdf(z) * sum) / z;
  }
  return 0.5 * calerf(-z * ONE_OVER_SQRT_TWO, 1);
}

/** Φ(z) with the cheap path for the common range (Cody erfc is exact to the last bit). */
export function normCdfFast(z: number): number {
  return z > -10 ? 0.5 * erfc(-z * ONE_OVER_SQRT_TWO) : normCdf(z);
}

/** Φ⁻¹(u), Wichura's AS241 (Applied Statistics 1988, 37(3)). */
export function inverseNormCdf(u: number): number {
  if (u <= 0) return Math.log(u);
  if (u >= 1) return Math.log(1 - u);
  const q = u - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2.5090809287301226727e3 * r + 3.3430575583588128105e4) * r +
          6.7265770927008700853e4) *
          r +
          4.5921953931549871457e4) *
          r +
          1.3731693765509461125e4) *
          r +
          1.9715909503065514427e3) *
          r +
          1.3314166789178437745e2) *
          r +
          3.387132872796366608)) /
      (((((((5.226495278852854561e3 * r + 2.8729085735721942674e4) * r + 3.930789580009271061e4) *
        r +
        2.1213794301586595867e4) *
        r +
        5.3941960214247511077e3) *
        r +
        6.871870074920579083e2) *
        r +
        4.2313330701600911252e1) *
        r +
        1)
    );
  }
  let r = q < 0 ? u : 1 - u;
  r = Math.sqrt(-Math.log(r));
  let ret: number;
  if (r < 5) {
    r -= 1.6;
    ret =
      (((((((7.7454501427834140764e-4 * r + 2.27238449892691845833e-2) * r +
        2.4178072517745061177e-1) *
        r +
        1.27045825245236838258) *
        r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r +
        1.51986665636164571966e-2) *
        r +
        1.4810397642748007459e-1) *
        r +
        6.8976733498510000455e-1) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    ret =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r +
        1.2426609473880784386e-3) *
        r +
        2.6532189526576123093e-2) *
        r +
        2.9656057182850489123e-1) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r +
        1.8463183175100546818e-5) *
        r +
        7.868691311456132591e-4) *
        r +
        1.48753612908506148525e-2) *
        r +
        1.3692988092273580531e-1) *
        r +
        5.9983220655588793769e-1) *
        r +
        1);
  }
  return q < 0 ? -ret : ret;
}
