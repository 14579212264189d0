/* eslint-disable no-loss-of-precision -- quadrature nodes and weights keep their published digits. */
/**
 * Bivariate standard normal distribution, by Alan Genz's method ("Numerical computation of
 * rectangular bivariate and trivariate normal and t probabilities", Statistics and Computing 14,
 * 2004): Drezner–Wesolowsky's integral with 6/12/20-point Gauss–Legendre rules by |ρ| and
 * the asymptotic correction near |ρ| = 1. About 1e-15 absolute accuracy.
 */
import { normCdf } from './normal.js';

const TWO_PI = 2 * Math.PI;
const W = [
  [0.1713244923791705, 0.3607615730481384, 0.4679139345726904],
  [
    0.04717533638651177, 0.1069393259953183, 0.1600783285433464, 0.2031674267230659,
    0.2334925365383547, 0.2491470458134029,
  ],
  [
    0.01761400713915212, 0.04060142980038694, 0.06267204833410906, 0.08327674157670475,
    0.1019301198172404, 0.1181945319615184, 0.1316886384491766, 0.1420961093183821,
    0.1491729864726037, 0.1527533871307259,
  ],
];
const X = [
  [-0.9324695142031522, -0.6612093864662647, -0.238619186083197],
  [
    -0.9815606342467191, -0.904117256370475, -0.769902674194305, -0.5873179542866171,
    -0.3678314989981802, -0.1252334085114692,
  ],
  [
    -0.9931285991850949, -0.9639719272779138, -0.9122344282513259, -0.8391169718222188,
    -0.7463319064601508, -0.636053680726515, -0.5108670019508271, -0.3737060887154196,
    -0.2277858511416451, -0.07652652113349733,
  ],
];

/** P(X > h, Y > k) for standard normals with correlation r. */
export function bivariateNormalUpper(h0: number, k0: number, r: number): number {
  const ng = Math.abs(r) < 0.3 ? 0 : Math.abs(r) < 0.75 ? 1 : 2;
  const w = W[ng];
  const x = X[ng];
  const h = h0;
  let k = k0;
  let hk = h * k;
  let bvn = 0;
  if (Math.abs(r) < 0.925) {
    const hs = (h * h + k * k) / 2;
    const asr = Math.asin(r);
    for (let i = 0; i < w.length; i++) {
      let sn = Math.sin((asr * (x[i] + 1)) / 2);
      bvn += w[i] * Math.exp((sn * hk - hs) / (1 - sn * sn));
      sn = Math.sin((asr * (-x[i] + 1)) / 2);
      bvn += w[i] * Math.exp((sn * hk - hs) / (1 - sn * sn));
    }
    return (bvn * asr) / (2 * TWO_PI) + normCdf(-h) * normCdf(-k);
  }
  if (r < 0) {
    k = -k;
    hk = -hk;
  }
  if (Math.abs(r) < 1) {
    const as = (1 - r) * (1 + r);
    let a = Math.sqrt(as);
    const bs = (h - k) * (h - k);
    const c = (4 - hk) / 8;
    const d = (12 - hk) / 16;
    bvn =
      a *
      Math.exp(-(bs / as + hk) / 2) *
      (1 - (c * (bs - as) * (1 - (d * bs) / 5)) / 3 + (c * d * as * as) / 5);
    if (hk > -160) {
      const b = Math.sqrt(bs);
      bvn -=
        Math.exp(-hk / 2) *
        Math.sqrt(TWO_PI) *
        normCdf(-b / a) *
        b *
        (1 - (c * bs * (1 - (d * bs) / 5)) / 3);
    }
    a /= 2;
    for (let i = 0; i < w.length; i++) {
      for (const is of [-1, 1]) {
        const xs = (a * (is * x[i] + 1)) ** 2;
        const rs = Math.sqrt(1 - xs);
        const asr = -(bs / xs + hk) / 2;
        if (asr > -100)
          bvn +=
            a *
            w[i] *
            Math.exp(asr) *
            (Math.exp((-hk * xs) / (2 * (1 + rs) ** 2)) / rs - (1 + c * xs * (1 + d * xs)));
      }
    }
    bvn = -bvn / TWO_PI;
  }
  if (r > 0) return bvn + normCdf(-Math.max(h, k));
  bvn = -bvn;
  if (k > h) {
    if (h < 0) bvn += normCdf(k) - normCdf(h);
    else bvn += normCdf(-h) - normCdf(-k);
  }
  return bvn;
}

/** M(a, b; ρ) = P(X < a, Y < b) for standard normals with correlation ρ. */
export function bivariateNormalCdf(a: number, b: number, rho: number): number {
  return bivariateNormalUpper(-a, -b, rho);
}
