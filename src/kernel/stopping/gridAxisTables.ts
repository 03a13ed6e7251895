// One-axis tables of the grid-propagation route (proofs/stopping-grid-propagation.md, "Tables").
// A source sits at y = a + (q + r/m) w (q an integer cell, r in [0, m) a sub-offset); its Gaussian
// N(y, s^2) gives cell j = q + jj (jj in [-K, K]) the mass and first moment about the cell's left edge
//   M = Phi(t_hi) - Phi(t_lo),  Mo = s (phi(t_lo) - phi(t_hi)) - s t_lo M,  t_lo = (jj m - r) w/(m s), t_hi = t_lo + w/s,
// and the second moment about the left edge (for the cell variances of the per-cell lemma)
//   Mo2 = s^2 [(1 + t_lo^2) M + t_lo phi(t_lo) - t_hi phi(t_hi) - 2 t_lo (phi(t_lo) - phi(t_hi))],
// and (for the final comparison with pi) the density rho = phi(t)/s and rho' = -t phi(t)/s^2 at the
// cell centre, and upper bounds of rho, |rho'|, |rho''| = |t^2 - 1| phi(t)/s^3 over the cell.
// Each mass / moment / centre value is stored as the midpoint of its interval enclosure, with tau the
// largest enclosure width (so |stored - exact| <= tau); the sup tables store upper bounds.
import { abs, add, div, mul, neg, point, scale, sqr, sub, type Interval } from '../interval.js';
import { addHi } from '../rounding.js';
import { normalCdf, normalDensity } from './normalCdf.js';

export interface AxisTables {
  /** Window length 2K + 1 (1 for the unit axis of d = 1). */
  readonly span: number;
  readonly half: number;
  /** Sub-offsets (1 for the unit axis). */
  readonly sub: number;
  /** [r * span + (jj + K)]. */
  readonly mass: Float64Array;
  readonly moment: Float64Array;
  /** Second moment about the left edge, int (x - left)^2 N(y, s^2)(dx) over the cell. */
  readonly second: Float64Array;
  readonly rho: Float64Array;
  readonly rhoD: Float64Array;
  readonly supRho: Float64Array;
  readonly supRhoD: Float64Array;
  readonly supRhoDD: Float64Array;
  /** Bounds on |stored - exact| of mass, moment, rho, rhoD. */
  readonly tauMass: number;
  readonly tauMoment: number;
  readonly tauSecond: number;
  readonly tauRho: number;
  readonly tauRhoD: number;
  /** max over r of sum over the window of the stored |value| (rounded up). */
  readonly sumMass: number;
  readonly sumMoment: number;
  readonly sumSecond: number;
  readonly sumRho: number;
  readonly sumRhoD: number;
  readonly sumSupRho: number;
  readonly sumSupRhoD: number;
  readonly sumSupRhoDD: number;
}

function mid(x: Interval): number {
  return x.lo / 2 + x.hi / 2;
}

function span(x: Interval): number {
  return x.hi - x.lo === Infinity ? Infinity : addHi(x.hi, -x.lo);
}

/**
 * int (x - left)^2 N(y, s^2)(dx) over a cell [left, left + w] (x = y + s z, z in [tLo, tHi]):
 * s^2 int (z - tLo)^2 phi = s^2 [(1 + tLo^2) M + tLo phi(tLo) - tHi phi(tHi) - 2 tLo (phi(tLo) - phi(tHi))],
 * using int z^2 phi = [Phi - z phi] and int z phi = [-phi]; enclosed, then clipped to [0, w^2 M].
 */
export function secondMomentAboutLeft(s: Interval, tLo: Interval, tHi: Interval, pLo: Interval, pHi: Interval, mass: Interval, w: Interval): Interval {
  const inner = sub(
    add(mul(add(point(1), sqr(tLo)), mass), sub(mul(tLo, pLo), mul(tHi, pHi))),
    mul(scale(tLo, 2), sub(pLo, pHi)),
  );
  const v = mul(sqr(s), inner);
  return { lo: Math.max(0, v.lo), hi: Math.min(v.hi, mul(sqr(w), mass).hi) };
}

/**
 * Tables for cells of width w, m sub-offsets, window half-width K, kernel standard deviation s
 * (an interval). `withDensity` adds the density tables of the final comparison.
 */
export function axisTables(w: number, m: number, half: number, s: Interval, withDensity: boolean): AxisTables {
  const width = 2 * half + 1;
  const n = m * width;
  const mass = new Float64Array(n), moment = new Float64Array(n), second = new Float64Array(n);
  const rho = new Float64Array(n), rhoD = new Float64Array(n), supRho = new Float64Array(n), supRhoD = new Float64Array(n), supRhoDD = new Float64Array(n);
  // t(k) = k * delta, delta = w / (m s); the Phi and phi values at the lattice are shared by all (r, jj).
  const delta = div(point(w), mul(point(m), s));
  const kMin = -half * m - (m - 1);
  const kMax = (half + 1) * m;
  const cdf: Interval[] = [];
  const dens: Interval[] = [];
  const tArg: Interval[] = [];
  for (let k = kMin; k <= kMax; k++) {
    const t = mul(point(k), delta);
    tArg.push(t);
    cdf.push(normalCdf(t));
    dens.push(normalDensity(t));
  }
  let tauMass = 0, tauMoment = 0, tauSecond = 0, tauRho = 0, tauRhoD = 0;
  const sums = new Float64Array(8);
  const sMax = new Float64Array(8);
  const wHi = point(w);
  const s2 = sqr(s), s3 = mul(s2, s);
  for (let r = 0; r < m; r++) {
    sums.fill(0);
    for (let jj = -half; jj <= half; jj++) {
      const idx = r * width + jj + half;
      const kLo = jj * m - r - kMin, kHi = kLo + m;
      const massI0 = sub(cdf[kHi]!, cdf[kLo]!);
      const massI = { lo: Math.max(0, massI0.lo), hi: Math.min(1, massI0.hi) };
      const momI0 = sub(mul(s, sub(dens[kLo]!, dens[kHi]!)), mul(mul(s, tArg[kLo]!), massI));
      // The moment about the left edge lies in [0, w M].
      const momI = { lo: Math.max(0, momI0.lo), hi: Math.min(momI0.hi, mul(wHi, massI).hi) };
      const secI = secondMomentAboutLeft(s, tArg[kLo]!, tArg[kHi]!, dens[kLo]!, dens[kHi]!, massI, wHi);
      mass[idx] = mid(massI);
      moment[idx] = mid(momI);
      second[idx] = mid(secI);
      tauMass = Math.max(tauMass, span(massI));
      tauMoment = Math.max(tauMoment, span(momI));
      tauSecond = Math.max(tauSecond, span(secI));
      sums[0] = addHi(sums[0]!, mass[idx]!);
      sums[1] = addHi(sums[1]!, moment[idx]!);
      sums[7] = addHi(sums[7]!, second[idx]!);
      if (withDensity) {
        // Centre t_c = (jj m - r + m/2) delta (m even); the cell is [t_lo, t_hi].
        const tc = tArg[kLo + m / 2]!;
        const pc = dens[kLo + m / 2]!;
        const rhoI = div(pc, s);
        const rhoDI = neg(div(mul(tc, pc), s2));
        rho[idx] = mid(rhoI);
        rhoD[idx] = mid(rhoDI);
        tauRho = Math.max(tauRho, span(rhoI));
        tauRhoD = Math.max(tauRhoD, span(rhoDI));
        const cell: Interval = { lo: tArg[kLo]!.lo, hi: tArg[kHi]!.hi };
        const pCell = normalDensity(cell);
        supRho[idx] = div(pCell, s).hi;
        supRhoD[idx] = abs(div(mul(cell, pCell), s2)).hi;
        supRhoDD[idx] = abs(div(mul(sub(sqr(cell), point(1)), pCell), s3)).hi;
        sums[2] = addHi(sums[2]!, Math.abs(rho[idx]!));
        sums[3] = addHi(sums[3]!, Math.abs(rhoD[idx]!));
        sums[4] = addHi(sums[4]!, supRho[idx]!);
        sums[5] = addHi(sums[5]!, supRhoD[idx]!);
        sums[6] = addHi(sums[6]!, supRhoDD[idx]!);
      }
    }
    for (let i = 0; i < 8; i++) sMax[i] = Math.max(sMax[i]!, sums[i]!);
  }
  return {
    span: width, half, sub: m, mass, moment, second, rho, rhoD, supRho, supRhoD, supRhoDD,
    tauMass, tauMoment, tauSecond, tauRho, tauRhoD,
    sumMass: sMax[0]!, sumMoment: sMax[1]!, sumSecond: sMax[7]!, sumRho: sMax[2]!, sumRhoD: sMax[3]!, sumSupRho: sMax[4]!, sumSupRhoD: sMax[5]!, sumSupRhoDD: sMax[6]!,
  };
}

/** The unit axis of d = 1: one cell, mass 1, moment 0, rho 1, no derivative, all exact. */
export function unitAxis(): AxisTables {
  const one = Float64Array.of(1), zero = Float64Array.of(0);
  return {
    span: 1, half: 0, sub: 1, mass: one, moment: zero, second: zero, rho: one, rhoD: zero, supRho: one, supRhoD: zero, supRhoDD: zero,
    tauMass: 0, tauMoment: 0, tauSecond: 0, tauRho: 0, tauRhoD: 0,
    sumMass: 1, sumMoment: 0, sumSecond: 0, sumRho: 1, sumRhoD: 0, sumSupRho: 1, sumSupRhoD: 0, sumSupRhoDD: 0,
  };
}
