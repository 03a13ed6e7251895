// Hypothesis (D) of the localisation route (proofs/stopping-localisation.md, Lemma 3): the ULA kernel
// of f = E / T with f-unit step h satisfies, for every x in the box K,
//   E[Phi(X') | X = x] <= Phi(x) + b,   Phi(x) = exp(sum_i s_i (x_i - c_i)^2),
// checked box by box over boxes that cover K. With g an enclosure of grad f over a box B, two upper
// bounds of E[Phi(X')|x] - Phi(x) on B, both sound, the smaller kept:
//   direct: (prod_i E exp(s_i Z_i^2), Z_i ~ N(B_i - h g_i - c_i, 2h)) - Phi(B), upper end;
//   ratio:  max(0, rho_B - 1) sup_B Phi, rho_B >= E[Phi(X')|x] / Phi(x) on B (ulaLyapunovLogRatio).
import { exp, mul, sub, type Interval } from '../interval.js';
import type { EnergyModel } from '../model.js';
import { MAX_COVER_BOXES, validateBox, type Box } from '../checks/cover.js';
import { checkBisectionPartition } from '../integration/evidence.js';
import { enclosePotential, validTemperature, type CheckOutcome } from '../checks/common.js';
import { lyapunovOnBox, ulaLyapunovLogRatio, ulaLyapunovMoment } from './localisationMoments.js';

/** Phi(x) = exp(sum_i s_i (x_i - center_i)^2). */
export interface LyapunovSpec {
  readonly center: readonly number[];
  readonly s: readonly number[];
}

export interface DriftClaim {
  /** The box K on which the drift inequality is claimed. */
  readonly region: Box;
  /** Boxes covering K (the evidence). */
  readonly boxes: readonly Box[];
  readonly lyapunov: LyapunovSpec;
  readonly b: number;
}

export interface DriftResult {
  /** The largest upper end of E[Phi(X')|x] - Phi(x) over the boxes (<= b when ok). */
  readonly worstExcess: number;
  readonly worstBox: number;
}

/** Why the Lyapunov function is not usable, or undefined. */
export function invalidLyapunov(l: LyapunovSpec, dim: number): string | undefined {
  if (!Array.isArray(l.center) || l.center.length !== dim) return `lyapunov center: expected ${dim} numbers`;
  if (!Array.isArray(l.s) || l.s.length !== dim) return `lyapunov s: expected ${dim} numbers`;
  for (let i = 0; i < dim; i++) {
    if (!Number.isFinite(l.center[i])) return `lyapunov center[${i}] = ${l.center[i]}: expected a finite number`;
    if (!(l.s[i]! > 0) || !Number.isFinite(l.s[i])) return `lyapunov s[${i}] = ${l.s[i]}: expected a finite number > 0`;
  }
  return undefined;
}

/** An upper bound of E[Phi(X')|x] - Phi(x) over x in the box (throws when nothing is finite). */
export function boxDriftExcess(model: EnergyModel, temperature: number, h: Interval, lyapunov: LyapunovSpec, box: Box): number {
  const grad = enclosePotential(model, temperature, box).gradient;
  const phi = lyapunovOnBox(box, lyapunov.center, lyapunov.s);
  const direct = sub(ulaLyapunovMoment(box, grad, lyapunov.center, lyapunov.s, h), phi).hi;
  const rhoMinusOne = sub(exp(ulaLyapunovLogRatio(box, grad, lyapunov.center, lyapunov.s, h)), { lo: 1, hi: 1 }).hi;
  // (rho - 1) Phi(x) <= max(0, rho_B - 1) sup Phi; the product is rounded up by the interval product.
  // Stryker disable next-line EqualityOperator: at rhoMinusOne = 0 both branches give 0.
  const byRatio = rhoMinusOne <= 0 ? 0 : mulUp(rhoMinusOne, phi.hi);
  return Math.min(direct, byRatio);
}

function mulUp(a: number, b: number): number {
  return mul({ lo: a, hi: a }, { lo: b, hi: b }).hi;
}

/**
 * The largest upper end of E[Phi(X')|x] - Phi(x) over the boxes, for every step in `h`
 * (Infinity when some box has no finite enclosure, e.g. 4 s_i h < 1 is not proven).
 */
export function driftExcess(model: EnergyModel, temperature: number, h: Interval, lyapunov: LyapunovSpec, boxes: readonly Box[]): DriftResult {
  let worstExcess = -Infinity;
  let worstBox = -1;
  for (let k = 0; k < boxes.length; k++) {
    const box = boxes[k]!;
    let excess: number;
    try {
      excess = boxDriftExcess(model, temperature, h, lyapunov, box);
    } catch {
      excess = Infinity;
    }
    if (!(excess <= worstExcess)) {
      worstExcess = Number.isNaN(excess) ? Infinity : excess;
      worstBox = k;
    }
  }
  return { worstExcess, worstBox };
}

/** ok only if the boxes cover K and E[Phi(X')|x] <= Phi(x) + b holds on every box. */
export function checkLyapunovDrift(model: EnergyModel, temperature: number, h: Interval, claim: DriftClaim): CheckOutcome<DriftResult> {
  const badT = validTemperature(temperature);
  if (badT) return { ok: false, reason: `drift: ${badT}` };
  if (!(h.lo > 0) || !(h.lo <= h.hi) || !Number.isFinite(h.hi)) return { ok: false, reason: `drift: step [${h.lo}, ${h.hi}] is not a positive finite interval` };
  const badL = invalidLyapunov(claim.lyapunov, model.dim);
  if (badL) return { ok: false, reason: `drift: ${badL}` };
  if (!(claim.b >= 0) || !Number.isFinite(claim.b)) return { ok: false, reason: `drift: b = ${claim.b}: expected a finite number >= 0` };
  if (!Array.isArray(claim.boxes) || claim.boxes.length === 0) return { ok: false, reason: 'drift: no boxes' };
  // A bisection partition of K (checked without recursion, so deep adaptive refinements are fine) covers K.
  if (!Array.isArray(claim.boxes) || claim.boxes.length > MAX_COVER_BOXES) return { ok: false, reason: `drift: expected at most ${MAX_COVER_BOXES} boxes` };
  for (let k = 0; k < claim.boxes.length; k++) {
    const badBox = validateBox(claim.boxes[k]!, model.dim, `boxes[${k}]`);
    if (badBox) return { ok: false, reason: `drift: ${badBox}` };
  }
  const notPartition = checkBisectionPartition(claim.region, claim.boxes);
  if (notPartition) return { ok: false, reason: `drift: the boxes are not a bisection partition of K: ${notPartition}` };
  const r = driftExcess(model, temperature, h, claim.lyapunov, claim.boxes);
  if (!(r.worstExcess <= claim.b)) {
    return { ok: false, reason: `drift: on box ${r.worstBox} E[Phi(X')|x] - Phi(x) is up to ${r.worstExcess} > b = ${claim.b}` };
  }
  return { ok: true, value: r };
}
