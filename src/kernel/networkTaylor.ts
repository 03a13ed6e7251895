// First-order Taylor models of an MLP's value, Jacobian and Hessian over a bounded box
// (proofs/enclosures.md, section 2d). Every quantity q (pre-activation, activation derivative,
// Jacobian and Hessian entry) is carried as q(x) in c + g . (x - m) + [-r, r] for all x in the box,
// m its midpoint. Linear parts pass through the weight matrices exactly (no interval wrapping), so
// only the O(w^2) remainders grow with the layer widths: on the bounds benchmark this is what makes
// the Hessian tight on boxes of width 0.01 - 0.1, where plain interval propagation is off by 10x.
// Only for activations that are C^3 (not relu); the caller intersects with the interval enclosure.
import type { Interval } from './interval.js';
import type { MlpLayer } from './model.js';
import { activationRanges, activationThird, createFlatEnclosure, validateMlpLayers, type FlatEnclosure, type FlatNetworkEnclosure } from './network.js';
import { activationFourth } from './networkActivationsFourth.js';
import { powerOfTwo } from './rounding.js';
import { roundDown, roundUp } from './networkRounding.js';

/** q(x) in c + g . (x - m) + [-r, r] over the box; g has one entry per input coordinate. */
export interface AffineForm {
  c: number;
  r: number;
  readonly g: Float64Array;
}

/** Twice the per-operation error bound |fl(s) - s| <= |fl(s)| 2^-53 + 2^-1075 (Lemma 2b). */
const EPS = powerOfTwo(-52);
const TINY_ERR = powerOfTwo(-1074);

export function createAffineForm(d: number): AffineForm {
  return { c: 0, r: 0, g: new Float64Array(d) };
}

/** An upper bound on max |g . (x - m)| over the box: sum_a |g_a| rho_a, rho_a >= max |x_a - m_a|. */
export function affineSpread(g: Float64Array, rho: Float64Array): number {
  let s = 0;
  for (let a = 0; a < g.length; a++) s = roundUp(s + roundUp(Math.abs(g[a]!) * rho[a]!));
  return s;
}

/** [lo, hi] containing every value of the form over the box. */
export function affineRange(f: AffineForm, rho: Float64Array): Interval {
  const w = roundUp(affineSpread(f.g, rho) + f.r);
  return { lo: roundDown(f.c - w), hi: roundUp(f.c + w) };
}

/**
 * out = A * B. With A = cA + lA + eA (|lA| <= sA, |eA| <= rA) and B likewise,
 * AB = cA cB + (cA lB + cB lA) + [lA lB + (cA + lA) eB + (cB + lB + eB) eA], so the remainder is
 * sA sB + (|cA| + sA) rB + (|cB| + sB + rB) rA plus the rounding of c and g. `out` must not be A or B.
 */
export function affineProduct(A: AffineForm, B: AffineForm, rho: Float64Array, out: AffineForm): void {
  const sA = affineSpread(A.g, rho), sB = affineSpread(B.g, rho);
  const c = A.c * B.c;
  let r = roundUp(Math.abs(c) * EPS + TINY_ERR);
  for (let a = 0; a < rho.length; a++) {
    const p1 = A.c * B.g[a]!, p2 = B.c * A.g[a]!;
    const g = p1 + p2;
    out.g[a] = g;
    r = roundUp(r + roundUp(roundUp((Math.abs(p1) + Math.abs(p2) + Math.abs(g)) * EPS + 3 * TINY_ERR) * rho[a]!));
  }
  r = roundUp(r + roundUp(sA * sB));
  r = roundUp(r + roundUp(roundUp(Math.abs(A.c) + sA) * B.r));
  r = roundUp(r + roundUp(roundUp(roundUp(Math.abs(B.c) + sB) + B.r) * A.r));
  out.c = c; out.r = r;
}

/** out = A + B (out may be A or B). */
export function affineSum(A: AffineForm, B: AffineForm, rho: Float64Array, out: AffineForm): void {
  const c = A.c + B.c;
  let r = roundUp(roundUp(A.r + B.r) + roundUp(Math.abs(c) * EPS + TINY_ERR));
  for (let a = 0; a < rho.length; a++) {
    const g = A.g[a]! + B.g[a]!;
    out.g[a] = g;
    r = roundUp(r + roundUp(roundUp(Math.abs(g) * EPS + TINY_ERR) * rho[a]!));
  }
  out.c = c; out.r = r;
}

/** Enclosures of a C^2 scalar function phi for composing it with a form z (see affineCompose). */
export interface ComposeData {
  /** phi(c) and phi'(c) at the form's centre c. */
  readonly valueAtC: Interval;
  readonly slopeAtC: Interval;
  /** phi' over the hull of c and the range of z. */
  readonly slopeOnHull: Interval;
  /** phi'' over that hull, or null when no enclosure is at hand (then only the mean-value bound). */
  readonly curvatureOnHull: Interval | null;
}

/**
 * out = phi(z) for a form z whose values over the box lie within `dist` of z.c. With s any double
 * and cNew the midpoint of [phi(c)] (half-width e0):
 *   mean value: phi(z) = phi(c) + s (z - c) + (phi'(xi) - s)(z - c), |phi'(xi) - s| <= max|[phi'(hull)] - s|;
 *   Taylor:     phi(z) = phi(c) + phi'(c)(z - c) + phi''(xi)(z - c)^2 / 2;
 * and z - c = z.g . (x - m) + e, |e| <= z.r. The remainder is e0 + |s| z.r + min(mean value, Taylor)
 * plus the rounding of s z.g. `out` must not be z.
 */
export function affineCompose(z: AffineForm, dist: number, phi: ComposeData, rho: Float64Array, out: AffineForm): void {
  const { valueAtC: v, slopeAtC: q, slopeOnHull: sh } = phi;
  const s = 0.5 * q.lo + 0.5 * q.hi;
  const cNew = 0.5 * v.lo + 0.5 * v.hi;
  const e0 = Math.max(Math.abs(roundDown(v.lo - cNew)), Math.abs(roundUp(v.hi - cNew)));
  let rem = roundUp(Math.max(Math.abs(roundDown(sh.lo - s)), Math.abs(roundUp(sh.hi - s))) * dist);
  let shift = 0;
  const curv = phi.curvatureOnHull;
  if (curv !== null) {
    // phi''(xi)(z - c)^2 / 2 lies in [min(0, lo), max(0, hi)] D^2 / 2 ((z - c)^2 is in [0, D^2]):
    // one-sided where phi'' keeps its sign, so its midpoint moves into the centre.
    const slopeErr = Math.max(Math.abs(roundDown(q.lo - s)), Math.abs(roundUp(q.hi - s)));
    const halfD2 = roundUp(roundUp(dist * dist) * 0.5);
    const quadLo = curv.lo < 0 ? roundDown(curv.lo * halfD2) : 0;
    const quadHi = curv.hi > 0 ? roundUp(curv.hi * halfD2) : 0;
    const mid = 0.5 * quadLo + 0.5 * quadHi;
    const half = Math.max(roundUp(quadHi - mid), roundUp(mid - quadLo));
    const taylor = roundUp(roundUp(slopeErr * dist) + half);
    if (taylor < rem) { rem = taylor; shift = mid; }
  }
  const cOut = cNew + shift;
  let r = roundUp(roundUp(e0 + rem) + roundUp(Math.abs(s) * z.r));
  if (shift !== 0) r = roundUp(r + roundUp(Math.abs(cOut) * EPS + TINY_ERR)); // rounding of cNew + shift
  for (let a = 0; a < rho.length; a++) {
    const g = s * z.g[a]!;
    out.g[a] = g;
    r = roundUp(r + roundUp(roundUp(Math.abs(g) * EPS + TINY_ERR) * rho[a]!));
  }
  out.c = cOut; out.r = r;
}

/**
 * Taylor-model enclosure of one bounded box: writes value, gradient and Hessian ranges to `out`
 * and returns the largest radius `dist` of a pre-activation range (how nonlinear the activations
 * are over the box), or Infinity (out untouched) for an unbounded box or a non-finite form.
 */
export type TaylorNetworkEnclosure = (boxLo: Float64Array, boxHi: Float64Array, out: FlatEnclosure) => number;

export function compileNetworkTaylorEnclosure(dim: number, layers: readonly MlpLayer[]): TaylorNetworkEnclosure {
  validateMlpLayers(dim, layers);
  if (layers.some((l) => l.activation === 'relu')) throw new Error('network Taylor models: relu is not C^3');
  const d = dim, nt = (d * (d + 1)) / 2;
  const maxWidth = Math.max(d, ...layers.map((l) => l.outDim));
  const forms = (n: number): AffineForm[] => Array.from({ length: n }, () => createAffineForm(d));
  // This layer's h_j, J_j,a, H_j,t and the next layer's (swapped after each layer).
  let h = forms(maxWidth), J = forms(maxWidth * d), H = forms(maxWidth * nt);
  let h2 = forms(maxWidth), J2 = forms(maxWidth * d), H2 = forms(maxWidth * nt);
  const z = createAffineForm(d), phi1 = createAffineForm(d), phi2 = createAffineForm(d);
  const jz = forms(d), hz = forms(nt), outer = createAffineForm(d), term = createAffineForm(d);
  const rho = new Float64Array(d);
  const gErr = new Float64Array(d);
  const gradRange = new Float64Array(2 * d), hessRange = new Float64Array(2 * nt);
  const triA = new Int32Array(nt), triB = new Int32Array(nt);
  for (let a = 0, t = 0; a < d; a++) for (let b = a; b < d; b++, t++) { triA[t] = a; triB[t] = b; }

  /** out = bias + sum_j w_j src[j * stride + offset] (Lemma 2b); false if not finite. */
  const combine = (W: Float64Array, row: number, inDim: number, bias: number, src: AffineForm[], stride: number, offset: number, out: AffineForm): boolean => {
    let c = bias, ec = 0, r = 0, n = 0;
    const g = out.g;
    g.fill(0); gErr.fill(0);
    for (let j = 0; j < inDim; j++) {
      const w = W[row + j]!;
      if (w === 0) continue;
      const f = src[j * stride + offset]!;
      const p = w * f.c;
      c += p;
      ec += Math.abs(p) * EPS + TINY_ERR + Math.abs(c) * EPS + TINY_ERR;
      r += Math.abs(w) * f.r; n++;
      for (let a = 0; a < d; a++) {
        const q = w * f.g[a]!;
        g[a] += q;
        gErr[a] += Math.abs(q) * EPS + TINY_ERR + Math.abs(g[a]!) * EPS + TINY_ERR;
      }
    }
    // sum_j |w_j| r_j in plain floating point (n non-negative products and sums), then inflated
    // once by (1 + (n + 2) 2^-52) plus (n + 1) 2^-1074 to cover all their roundings (Lemma 2d.1).
    r = roundUp(roundUp(r * roundUp(1 + (n + 2) * EPS)) + (n + 1) * TINY_ERR);
    r = roundUp(r + ec);
    for (let a = 0; a < d; a++) r = roundUp(r + roundUp(gErr[a]! * rho[a]!));
    out.c = c; out.r = r;
    return Number.isFinite(c) && Number.isFinite(r);
  };
  const copy = (from: AffineForm, to: AffineForm): void => { to.c = from.c; to.r = from.r; to.g.set(from.g); };

  return (boxLo, boxHi, out) => {
    for (let a = 0; a < d; a++) {
      const lo = boxLo[a]!, hi = boxHi[a]!;
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) return Infinity;
      const m = Math.min(hi, Math.max(lo, 0.5 * lo + 0.5 * hi));
      rho[a] = Math.max(roundUp(m - lo), roundUp(hi - m), 0);
      // Inputs: x_a = m_a + (x_a - m_a), J = I, H = 0, all exact.
      h[a]!.c = m; h[a]!.r = 0; h[a]!.g.fill(0); h[a]!.g[a] = 1;
      for (let b = 0; b < d; b++) { const f = J[a * d + b]!; f.c = a === b ? 1 : 0; f.r = 0; f.g.fill(0); }
      for (let t = 0; t < nt; t++) { const f = H[a * nt + t]!; f.c = 0; f.r = 0; f.g.fill(0); }
    }
    let maxDist = 0;
    for (const layer of layers) {
      const { inDim, outDim, weight: W, bias, activation } = layer;
      for (let k = 0; k < outDim; k++) {
        const row = k * inDim;
        if (!combine(W, row, inDim, bias[k]!, h, 1, 0, z)) return Infinity;
        for (let a = 0; a < d; a++) if (!combine(W, row, inDim, 0, J, d, a, jz[a]!)) return Infinity;
        for (let t = 0; t < nt; t++) if (!combine(W, row, inDim, 0, H, nt, t, hz[t]!)) return Infinity;
        if (activation === 'identity') {
          copy(z, h2[k]!);
          for (let a = 0; a < d; a++) copy(jz[a]!, J2[k * d + a]!);
          for (let t = 0; t < nt; t++) copy(hz[t]!, H2[k * nt + t]!);
          continue;
        }
        // z's range, its distance from z.c, and act, act', act'', act''' at z.c and over the range.
        const zr = affineRange(z, rho);
        const dist = Math.max(roundUp(z.c - zr.lo), roundUp(zr.hi - z.c), 0);
        if (!(dist <= maxDist)) maxDist = dist;
        const onRange = activationRanges(activation, zr.lo, zr.hi);
        const thirdOnRange = activationThird(activation, zr.lo, zr.hi, onRange.d1);
        const atC = activationRanges(activation, z.c, z.c);
        const thirdAtC = activationThird(activation, z.c, z.c, atC.d1);
        affineCompose(z, dist, { valueAtC: atC.value, slopeAtC: atC.d1, slopeOnHull: onRange.d1, curvatureOnHull: onRange.d2 }, rho, h2[k]!);
        affineCompose(z, dist, { valueAtC: atC.d1, slopeAtC: atC.d2, slopeOnHull: onRange.d2, curvatureOnHull: thirdOnRange }, rho, phi1);
        affineCompose(z, dist, { valueAtC: atC.d2, slopeAtC: thirdAtC, slopeOnHull: thirdOnRange, curvatureOnHull: activationFourth(activation, zr.lo, zr.hi, onRange) }, rho, phi2);
        // J'_a = act'(z) Jz_a;  H'_ab = act''(z) Jz_a Jz_b + act'(z) Hz_ab.
        for (let a = 0; a < d; a++) affineProduct(phi1, jz[a]!, rho, J2[k * d + a]!);
        for (let t = 0; t < nt; t++) {
          affineProduct(jz[triA[t]!]!, jz[triB[t]!]!, rho, outer);
          affineProduct(phi2, outer, rho, term);
          const target = H2[k * nt + t]!;
          affineProduct(phi1, hz[t]!, rho, target);
          affineSum(target, term, rho, target);
        }
        if (!Number.isFinite(h2[k]!.r) || !Number.isFinite(phi1.r) || !Number.isFinite(phi2.r)) return Infinity;
      }
      [h, h2] = [h2, h]; [J, J2] = [J2, J]; [H, H2] = [H2, H];
    }
    // Every range first, so that `out` is untouched when one is not finite.
    const v = affineRange(h[0]!, rho);
    let finite = Number.isFinite(v.lo) && Number.isFinite(v.hi);
    for (let a = 0; a < d; a++) { const g = affineRange(J[a]!, rho); gradRange[2 * a] = g.lo; gradRange[2 * a + 1] = g.hi; }
    for (let t = 0; t < nt; t++) { const s = affineRange(H[t]!, rho); hessRange[2 * t] = s.lo; hessRange[2 * t + 1] = s.hi; }
    for (const x of gradRange) finite &&= Number.isFinite(x);
    for (const x of hessRange) finite &&= Number.isFinite(x);
    if (!finite) return Infinity;
    out.valueLo = v.lo; out.valueHi = v.hi;
    for (let a = 0; a < d; a++) { out.gradLo[a] = gradRange[2 * a]!; out.gradHi[a] = gradRange[2 * a + 1]!; }
    for (let t = 0; t < nt; t++) { out.hessLo[t] = hessRange[2 * t]!; out.hessHi[t] = hessRange[2 * t + 1]!; }
    return maxDist;
  };
}

/**
 * Where every pre-activation varies by at most TAYLOR_ONLY_RADIUS over the box, the Taylor models
 * alone (measured: 2.5x tighter Hessians than the interval propagation with centered forms on boxes
 * of width 0.0125 - 0.1 of the bounds benchmark, and about 4x cheaper); elsewhere `inner`, intersected
 * with the Taylor models when they apply. A scale-free switch: the radius is in units of the
 * activations' own argument (tanh bends on a scale of 1), not of the input box.
 */
export const TAYLOR_ONLY_RADIUS = 0.5;

export function withTaylorModels(d: number, inner: FlatNetworkEnclosure, taylor: TaylorNetworkEnclosure, opts: { taylorAlone?: boolean } = {}): FlatNetworkEnclosure {
  // taylorAlone = false always intersects with `inner`: the result is then never looser than `inner`,
  // which keeps what certificates made with `inner` alone recompute (checks compare a stored claim
  // with the recomputed bound, so a bound that got looser on one box would refuse a valid certificate).
  const alone = opts.taylorAlone ?? true;
  const tm = createFlatEnclosure(d);
  const nt = (d * (d + 1)) / 2;
  const meet = (lo: number, hi: number, what: string): void => {
    if (!(lo <= hi)) throw new Error(`network enclosure: Taylor-model and interval ${what} enclosures are disjoint`);
  };
  return (boxLo, boxHi, out) => {
    // A point: the interval propagation is exact up to rounding there, and keeping it keeps point
    // enclosures (and what certificates built on them recompute) bit-identical to the interval path.
    let point = true;
    for (let a = 0; a < d && point; a++) point = boxLo[a] === boxHi[a];
    if (point) { inner(boxLo, boxHi, out); return; }
    const radius = taylor(boxLo, boxHi, tm);
    if (alone && radius <= TAYLOR_ONLY_RADIUS) { copyFlat(tm, out, d, nt); return; }
    inner(boxLo, boxHi, out);
    if (radius === Infinity) return;
    out.valueLo = Math.max(out.valueLo, tm.valueLo); out.valueHi = Math.min(out.valueHi, tm.valueHi);
    meet(out.valueLo, out.valueHi, 'value');
    for (let a = 0; a < d; a++) {
      out.gradLo[a] = Math.max(out.gradLo[a]!, tm.gradLo[a]!); out.gradHi[a] = Math.min(out.gradHi[a]!, tm.gradHi[a]!);
      meet(out.gradLo[a]!, out.gradHi[a]!, 'gradient');
    }
    for (let t = 0; t < nt; t++) {
      out.hessLo[t] = Math.max(out.hessLo[t]!, tm.hessLo[t]!); out.hessHi[t] = Math.min(out.hessHi[t]!, tm.hessHi[t]!);
      meet(out.hessLo[t]!, out.hessHi[t]!, 'Hessian');
    }
  };
}

function copyFlat(from: FlatEnclosure, to: FlatEnclosure, d: number, nt: number): void {
  to.valueLo = from.valueLo; to.valueHi = from.valueHi;
  for (let a = 0; a < d; a++) { to.gradLo[a] = from.gradLo[a]!; to.gradHi[a] = from.gradHi[a]!; }
  for (let t = 0; t < nt; t++) { to.hessLo[t] = from.hessLo[t]!; to.hessHi[t] = from.hessHi[t]!; }
}
