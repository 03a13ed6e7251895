// An upper bound of the one-step drift D(x) = E[B(x') | x] - lambda B(x) of a Gaussian barrier over a
// box, for the ULA kernel x' = x - eta grad E(x) + sqrt(2 eta T) xi (proofs/barrier.md, section 3).
// Two enclosures, both sound, intersected:
//   direct:      PB(m(X)) - lambda B(X), with m(X) = X - eta grad E(X) in intervals;
//   mean value:  D(c) + sum_i dD/dx_i(X) (X_i - c_i), c the box centre (a point of X), where
//                grad D = (I - eta hess E)^T grad_m PB(m) - lambda grad B (chain rule; E is C^2).
import { add, intersect, mul, point, sub, type Interval } from '../interval.js';
import { compileModelEnclosure, type CompiledEnclosure } from '../enclosure.js';
import type { EnergyModel } from '../model.js';
import { createFlatEnclosure, triIndex, type FlatEnclosure } from '../network.js';
import type { Box } from '../box.js';
import { barrierOnBox, gaussianSmoothed, gaussianSmoothedGradient, ulaVariance, type GaussianBarrier } from './gaussianBarrier.js';

export interface DriftSetup {
  readonly compiled: CompiledEnclosure;
  readonly eta: number;
  readonly s2: Interval;
  readonly lambda: number;
  readonly barrier: GaussianBarrier;
  readonly smooth: boolean;
  readonly scratch: FlatEnclosure;
}

export function driftSetup(model: EnergyModel, eta: number, temperature: number, barrier: GaussianBarrier, lambda: number): DriftSetup {
  const compiled = compileModelEnclosure(model);
  return { compiled, eta, s2: ulaVariance(eta, temperature), lambda, barrier, smooth: compiled.twiceDifferentiable, scratch: createFlatEnclosure(model.dim) };
}

/** m(X) = X - eta grad E(X) coordinate-wise, from an enclosure already in `e`. */
function mapped(box: Box, eta: Interval, e: FlatEnclosure): Interval[] {
  return box.map((c, i) => sub(c, mul(eta, { lo: e.gradLo[i]!, hi: e.gradHi[i]! })));
}

function encloseInto(s: DriftSetup, box: Box): FlatEnclosure {
  const lo = Float64Array.from(box, (c) => c.lo), hi = Float64Array.from(box, (c) => c.hi);
  s.compiled.encloseFlat(lo, hi, s.scratch);
  return s.scratch;
}

/**
 * An interval containing D(x) for every x in the box (its upper end is what the drift check uses).
 * Throws when an enclosure fails (the caller treats that box as unchecked).
 */
export function driftEnclosure(s: DriftSetup, box: Box): Interval {
  const d = box.length;
  const eta = point(s.eta);
  const lambda = point(s.lambda);
  const e = encloseInto(s, box);
  const mBox = mapped(box, eta, e);
  const direct = sub(gaussianSmoothed(s.barrier, mBox, s.s2), mul(lambda, barrierOnBox(s.barrier, box)));
  if (!s.smooth) return direct;
  // Mean-value form: needs hess E on the box (J = I - eta H) and the point enclosure at the centre.
  const jac: Interval[][] = [];
  for (let a = 0; a < d; a++) {
    const row: Interval[] = [];
    for (let b = 0; b < d; b++) {
      const t = triIndex(d, a, b);
      const h = mul(eta, { lo: e.hessLo[t]!, hi: e.hessHi[t]! });
      row.push(a === b ? sub(point(1), h) : sub(point(0), h));
    }
    jac.push(row);
  }
  const gm = gaussianSmoothedGradient(s.barrier, mBox, s.s2);
  const gb = gaussianSmoothedGradient(s.barrier, box, point(0));
  const center = box.map((c) => midpointInside(c));
  const centerBox = center.map((x) => point(x));
  const ec = encloseInto(s, centerBox);
  const mc = mapped(centerBox, eta, ec);
  let value = sub(gaussianSmoothed(s.barrier, mc, s.s2), mul(lambda, barrierOnBox(s.barrier, centerBox)));
  for (let i = 0; i < d; i++) {
    // dD/dx_i = sum_k J_ki dPB/dm_k - lambda dB/dx_i (J symmetric, so J_ki = J_ik).
    let gi = sub(point(0), mul(lambda, gb[i]!));
    for (let k = 0; k < d; k++) gi = add(gi, mul(jac[k]![i]!, gm[k]!));
    value = add(value, mul(gi, sub(box[i]!, point(center[i]!))));
  }
  const both = intersectOrNull(direct, value);
  return both ?? direct;
}

/** A finite point of a bounded interval (its midpoint, kept inside the interval). */
function midpointInside(c: Interval): number {
  const m = 0.5 * c.lo + 0.5 * c.hi;
  return m < c.lo ? c.lo : m > c.hi ? c.hi : m;
}

function intersectOrNull(a: Interval, b: Interval): Interval | null {
  // Both contain the true range, so they meet unless one is NaN; fall back to the direct form then.
  if (Number.isNaN(a.lo) || Number.isNaN(a.hi) || Number.isNaN(b.lo) || Number.isNaN(b.hi)) return null;
  if (Math.max(a.lo, b.lo) > Math.min(a.hi, b.hi)) return null;
  return intersect(a, b);
}
