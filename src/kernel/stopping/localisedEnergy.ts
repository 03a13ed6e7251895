// The localised energy of the localisation route (proofs/stopping-localisation.md, Lemma 5):
//   f~ = q + chi (f - q),   q(x) = sum_i (m_i / 2) (x_i - c_i)^2,   chi the C^2 cut-off of localisationCutoff.ts,
// so f~ = f on K (where chi = 1) and f~ = q outside K' = prod [a_i - w_i, b_i + w_i] (where chi = 0).
// Checked here, over boxes that cover K': the smoothness L~ >= sup |eig hess f~| and the oscillation of
// W = chi (f - q) (Holley-Stroock: alpha~ >= min_i m_i exp(-osc W)); outside K' hess f~ = diag(m).
import { add, exp, intersect, log, mul, neg, point, scale, sqr, sqrt, sub, type Interval } from '../interval.js';
import type { EnergyModel } from '../model.js';
import { symmetricEigenBounds } from '../eigen.js';
import { MAX_COVER_BOXES, validateBox, type Box } from '../checks/cover.js';
import { checkBisectionPartition } from '../integration/evidence.js';
import { enclosePotential, validTemperature, type CheckOutcome } from '../checks/common.js';
import { cutoffOnBox, type AxisCutoff } from './localisationCutoff.js';
import { normalCdf } from './normalCdf.js';
import { addHi } from '../rounding.js';
import { nonSmoothPart } from '../checks/smoothModel.js';

export interface LocalisedEnergySpec {
  /** Per axis: K_i = [lo, hi] and the transition width w_i. */
  readonly cutoff: readonly AxisCutoff[];
  /** q(x) = sum_i (curvature_i / 2) (x_i - center_i)^2, curvature_i > 0. */
  readonly quadratic: { readonly curvature: readonly number[]; readonly center: readonly number[] };
  /** Boxes covering K' (the evidence for L~ and osc W). */
  readonly boxes: readonly Box[];
}

export interface LocalisedConstants {
  /** Upper bound of sup over R^d of |eig hess f~|. */
  readonly smoothness: number;
  /** Upper bound of osc W = sup W - inf W (W = 0 outside K' is included). */
  readonly oscillation: number;
  /** Lower bound of the LSI constant of pi~: min_i m_i exp(-osc W). */
  readonly alpha: number;
}

export function outerBox(cutoff: readonly AxisCutoff[]): Interval[] {
  return cutoff.map((c) => ({ lo: sub(point(c.lo), point(c.width)).lo, hi: add(point(c.hi), point(c.width)).hi }));
}

function invalidSpec(spec: LocalisedEnergySpec, dim: number): string | undefined {
  if (!Array.isArray(spec.cutoff) || spec.cutoff.length !== dim) return `cut-off: expected ${dim} axes`;
  for (const [i, c] of spec.cutoff.entries()) {
    if (!Number.isFinite(c.lo) || !Number.isFinite(c.hi) || !(c.lo < c.hi)) return `cut-off axis ${i}: [${c.lo}, ${c.hi}] is not a bounded interval`;
    if (!(c.width > 0) || !Number.isFinite(c.width)) return `cut-off axis ${i}: width ${c.width}: expected > 0`;
  }
  const q = spec.quadratic;
  if (!q || !Array.isArray(q.curvature) || !Array.isArray(q.center) || q.curvature.length !== dim || q.center.length !== dim) return `quadratic: expected ${dim} curvatures and centres`;
  for (let i = 0; i < dim; i++) {
    if (!(q.curvature[i]! > 0) || !Number.isFinite(q.curvature[i])) return `quadratic curvature[${i}] = ${q.curvature[i]}: expected > 0`;
    if (!Number.isFinite(q.center[i])) return `quadratic center[${i}] = ${q.center[i]}: expected finite`;
  }
  return undefined;
}

/** q, grad q, hess q over a box. */
function quadraticOnBox(q: LocalisedEnergySpec['quadratic'], box: readonly Interval[]): { value: Interval; gradient: Interval[] } {
  let value: Interval = point(0);
  const gradient: Interval[] = [];
  for (let i = 0; i < box.length; i++) {
    const t = sub(box[i]!, point(q.center[i]!));
    value = add(value, scale(mul(point(q.curvature[i]!), sqr(t)), 0.5));
    gradient.push(mul(point(q.curvature[i]!), t));
  }
  return { value, gradient };
}

/**
 * D = f - q and grad D over a box, each the intersection of the direct enclosure and a Taylor form
 * around the box midpoint p (D(p) + grad D(p).delta + delta' hess D(B) delta / 2, grad D(p) + hess D(B) delta,
 * delta = B - p): the direct difference of f and q loses their common quadratic growth.
 */
function differenceOnBox(model: EnergyModel, temperature: number, q: LocalisedEnergySpec['quadratic'], box: readonly Interval[]) {
  const d = box.length;
  const f = enclosePotential(model, temperature, box);
  const qb = quadraticOnBox(q, box);
  const mid = box.map((c) => 0.5 * c.lo + 0.5 * c.hi);
  const pBox = mid.map((x) => point(x));
  const fp = enclosePotential(model, temperature, pBox);
  const qp = quadraticOnBox(q, pBox);
  const delta = box.map((c, i) => sub(c, point(mid[i]!)));
  const hd = f.hessian.map((row, i) => row.map((h, j) => (i === j ? sub(h, point(q.curvature[i]!)) : h)));
  let taylor = sub(fp.value, qp.value);
  const gradient: Interval[] = [];
  for (let i = 0; i < d; i++) {
    const gp = sub(fp.gradient[i]!, qp.gradient[i]!);
    taylor = add(taylor, mul(gp, delta[i]!));
    let gi = gp;
    for (let j = 0; j < d; j++) {
      gi = add(gi, mul(hd[i]![j]!, delta[j]!));
      taylor = add(taylor, scale(mul(hd[i]![j]!, i === j ? sqr(delta[i]!) : mul(delta[i]!, delta[j]!)), 0.5));
    }
    gradient.push(intersect(gi, sub(f.gradient[i]!, qb.gradient[i]!)));
  }
  return { value: intersect(taylor, sub(f.value, qb.value)), gradient, hessianF: f.hessian };
}

/** W = chi (f - q) and hess f~ over one box, enclosed. */
export function localisedOnBox(model: EnergyModel, temperature: number, spec: LocalisedEnergySpec, box: readonly Interval[]): { w: Interval; hessian: Interval[][] } {
  const d = box.length;
  const diff = differenceOnBox(model, temperature, spec.quadratic, box);
  const chi = cutoffOnBox(spec.cutoff, box);
  const dv = diff.value;
  const dg = diff.gradient;
  const hessian: Interval[][] = [];
  for (let i = 0; i < d; i++) {
    const row: Interval[] = [];
    for (let j = 0; j < d; j++) {
      // hess f~ = hess q + chi hess(f - q) + grad chi grad(f - q)^T + grad(f - q) grad chi^T + (f - q) hess chi
      const hq = i === j ? point(spec.quadratic.curvature[i]!) : point(0);
      const hd = sub(diff.hessianF[i]![j]!, hq);
      let e = add(hq, mul(chi.value, hd));
      e = add(e, add(mul(chi.gradient[i]!, dg[j]!), mul(dg[i]!, chi.gradient[j]!)));
      e = add(e, mul(dv, chi.hessian[i]![j]!));
      row.push(e);
    }
    hessian.push(row);
  }
  return { w: mul(chi.value, dv), hessian };
}

/** ok with L~, osc W and alpha~ when the boxes cover K' and every enclosure is finite. */
export function checkLocalisedEnergy(model: EnergyModel, temperature: number, spec: LocalisedEnergySpec): CheckOutcome<LocalisedConstants> {
  const badT = validTemperature(temperature);
  if (badT) return { ok: false, reason: `localised energy: ${badT}` };
  const bad = invalidSpec(spec, model.dim);
  if (bad) return { ok: false, reason: `localised energy: ${bad}` };
  const rough = nonSmoothPart(model);
  if (rough) return { ok: false, reason: `localised energy: ${rough}` };
  if (!Array.isArray(spec.boxes) || spec.boxes.length > MAX_COVER_BOXES) return { ok: false, reason: `localised energy: expected at most ${MAX_COVER_BOXES} boxes` };
  for (let k = 0; k < spec.boxes.length; k++) {
    const badBox = validateBox(spec.boxes[k]!, model.dim, `boxes[${k}]`);
    if (badBox) return { ok: false, reason: `localised energy: ${badBox}` };
  }
  const notPartition = checkBisectionPartition(outerBox(spec.cutoff), spec.boxes);
  if (notPartition) return { ok: false, reason: `localised energy: the boxes are not a bisection partition of K': ${notPartition}` };
  // Outside K': hess f~ = diag(m), W = 0.
  // Stryker disable next-line MethodExpression: equivalent, a box of the partition touches the boundary of K', where hess f~ = diag(m), so the box bounds already reach max m_i
  let smoothness = Math.max(...spec.quadratic.curvature);
  let wLo = 0, wHi = 0;
  for (let k = 0; k < spec.boxes.length; k++) {
    let r: { w: Interval; hessian: Interval[][] };
    try {
      r = localisedOnBox(model, temperature, spec, spec.boxes[k]!);
    } catch (e) {
      return { ok: false, reason: `localised energy: box ${k} cannot be enclosed (${e instanceof Error ? e.message : String(e)})` };
    }
    const eig = symmetricEigenBounds(r.hessian);
    const rho = Math.max(eig.max.hi, -eig.min.lo);
    if (!(rho < Infinity) || !(r.w.lo > -Infinity) || !(r.w.hi < Infinity)) return { ok: false, reason: `localised energy: box ${k} has an unbounded enclosure` };
    smoothness = Math.max(smoothness, rho);
    wLo = Math.min(wLo, r.w.lo);
    wHi = Math.max(wHi, r.w.hi);
  }
  const oscillation = sub(point(wHi), point(wLo)).hi;
  const alpha = mul(point(Math.min(...spec.quadratic.curvature)), exp(neg(point(oscillation)))).lo;
  return { ok: true, value: { smoothness, oscillation, alpha } };
}

/**
 * KL(N(m 1, sigma^2 I) || pi~) <= KL(rho_0 || pi_q) + osc W, with pi_q = N(c, diag(1/m_i)):
 * KL(rho_0 || pi_q) = sum_i [m_i sigma^2 - 1 - log(m_i sigma^2) + m_i (m - c_i)^2] / 2.
 */
export function localisedKl0Upper(quadratic: LocalisedEnergySpec['quadratic'], init: { readonly mean: number; readonly std: number }, oscillation: number): number {
  let kl: Interval = point(oscillation);
  const v = sqr(point(init.std));
  for (let i = 0; i < quadratic.curvature.length; i++) {
    const m = point(quadratic.curvature[i]!);
    const mv = mul(m, v);
    const term = add(sub(sub(mv, point(1)), log(mv)), mul(m, sqr(sub(point(init.mean), point(quadratic.center[i]!)))));
    kl = add(kl, scale(term, 0.5));
  }
  return kl.hi;
}

/** pi~(K^c) <= exp(osc W) pi_q(K^c) <= exp(osc W) sum_i pi_q(x_i outside [a_i, b_i]). */
export function localisedOutsideMassUpper(spec: LocalisedEnergySpec, oscillation: number): number {
  let total = 0;
  for (let i = 0; i < spec.cutoff.length; i++) {
    const c = spec.cutoff[i]!;
    // (x - c_i) sqrt(m_i) is standard normal under pi_q's i-th marginal.
    const root = sqrt(point(spec.quadratic.curvature[i]!));
    const below = normalCdf(mul(sub(point(c.lo), point(spec.quadratic.center[i]!)), root)).hi;
    const above = sub(point(1), normalCdf(mul(sub(point(c.hi), point(spec.quadratic.center[i]!)), root))).hi;
    total = addHi(total, addHi(below, above));
  }
  return Math.min(1, mul(exp(point(oscillation)), point(total)).hi);
}
