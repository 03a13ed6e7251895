// Lower bounds on total variation from region frequencies (proofs/mixing-bracket.md, section 3).
// TV(mu, nu) = sup_A |mu(A) - nu(A)| >= |mu(A) - nu(A)| for each region A. With certified brackets
// [p_lo, p_hi] on pi(A) and counts K_A of n samples in A:
//   deterministic: the empirical measure's frequency q_A = K_A / n against pi:
//     D = max_A max(q_A - p_hi, p_lo - q_A, 0) <= max_A |q_A - pi(A)|;
//   statistical: if the n samples are independent draws from rho, Hoeffding's inequality and a union
//     bound over the k regions give P(max_A |q_A - rho(A)| >= t) <= delta for
//     t = sqrt(ln(2k / delta) / (2n)), so TV(rho, pi) >= D - t with probability >= 1 - delta.
// All arithmetic is rounded outward (lower bounds rounded down).
import { div, log, point, sqrt } from '../interval.js';
import { addLo, divHi, divLo } from '../rounding.js';

/** A lower bound on a - b. */
const subLo = (a: number, b: number): number => addLo(a, -b);
import type { Interval } from '../interval.js';
import type { CheckOutcome } from '../checks/common.js';

export interface TvLowerBound {
  /** max_A max(q_A - p_hi, p_lo - q_A, 0): a lower bound on max_A |q_A - pi(A)|. */
  readonly histogram: number;
  /** Hoeffding half-width t (union bound over the regions). */
  readonly halfWidth: number;
  /** max(0, histogram - t): a lower bound on TV(rho, pi) holding with probability >= 1 - delta. */
  readonly statistical: number;
  /** Index of the region attaining the histogram bound. */
  readonly region: number;
}

export function checkTvLowerBound(counts: readonly number[], n: number, masses: readonly Interval[], delta: number): CheckOutcome<TvLowerBound> {
  const k = counts.length;
  if (k === 0 || masses.length !== k) return { ok: false, reason: `tv: ${k} counts for ${masses.length} regions` };
  if (!Number.isInteger(n) || n < 1) return { ok: false, reason: `tv: sample size ${n} is not a positive integer` };
  if (!(delta > 0 && delta < 1)) return { ok: false, reason: `tv: delta ${delta} is not in (0, 1)` };
  // Regions may overlap: each count is of the samples in that region, and the union bound needs no disjointness.
  for (const c of counts) if (!Number.isInteger(c) || c < 0 || c > n) return { ok: false, reason: `tv: count ${c} is not an integer in [0, ${n}]` };
  let histogram = 0, region = 0;
  for (let a = 0; a < k; a++) {
    const m = masses[a]!;
    if (!(m.lo >= 0 && m.hi <= 1 && m.lo <= m.hi)) return { ok: false, reason: `tv: mass bracket ${a} is not inside [0, 1]` };
    const above = subLo(divLo(counts[a]!, n), m.hi);
    const below = subLo(m.lo, divHi(counts[a]!, n));
    const v = Math.max(above, below, 0);
    if (v > histogram) { histogram = v; region = a; }
  }
  const t = sqrt(div(log(div(point(2 * k), point(delta))), point(2 * n))).hi;
  // Stryker disable next-line all: defensive: with k >= 1, n >= 1 and delta >= 5e-324, ln(2k/delta) <= 745 and t is finite
  if (!Number.isFinite(t)) return { ok: false, reason: 'tv: the half-width is not finite' };
  return { ok: true, value: { histogram, halfWidth: t, statistical: Math.max(0, subLo(histogram, t)), region } };
}
