// Hypotheses of the Lyapunov tail (proofs/lyapunov-tail.md): with V = exp(s |x - c|^2) and
//   phi(x) = -LV/V = 2 s (x - c) . grad f - 2 s d - 4 s^2 |x - c|^2      (f = E / T),
// phi >= theta > 0 off a bounded box K and phi >= -beta on K give, with a Poincare constant C_K of
// pi(. | K),   C_P <= (1 + (theta + beta) C_K) / theta.
// phi is bounded below on cones beyond |x - c|_inf = R over patches of the faces of [-1, 1]^d and on
// boxes covering that cube (networkRadial.ts encloses (x - c) . grad E on both).
// Why: K is bounded, so the decomposition behind C_K needs no frame set reaching infinity, where a
// network's far transition strips cost exp(osc / T) that no convex split removes.
import { add, div, mul, point, scale, sqr, sub, type Interval } from '../interval.js';
import type { EnergyModel } from '../model.js';
import type { IntegralBracket } from '../integration/evidence.js';
import { compileRadial, type Radial } from '../networkRadial.js';
import type { Cone } from '../networkFarField.js';
import { validTemperature, tryEnclose, hasNaN, type CheckOutcome } from './common.js';
import { checkFarFieldCover, type FarField } from './farField.js';
import { checkRestrictedDecomposition, type PoincareBound, type PoincareDecompositionEvidence } from './poincareDecomposition.js';
import { validateBox, type Box } from './cover.js';
import { nonSmoothPart } from './smoothModel.js';

export interface LyapunovTailEvidence {
  /** K, a bounded box: phi >= -beta on K, phi >= theta > 0 off K. */
  readonly region: Box;
  /** Apex c, cube radius R and the patches of the cones beyond it (phi >= theta on every cone). */
  readonly farField: FarField;
  /** Boxes covering the cube |x - c|_inf <= R: those inside K bound beta, the others theta. */
  readonly boxes: readonly Box[];
  /** s > 0 of V = exp(s |x - c|^2), in f-units. */
  readonly s: number;
}

export interface LyapunovTailBound {
  /** phi >= theta on every cone (rounded down, > 0). */
  readonly theta: number;
  /** phi >= -beta on every box (rounded up, >= 0). */
  readonly beta: number;
  /** K. */
  readonly region: Box;
}

/** Least phi over a box (rounded down), from the radial enclosure of (x - c) . grad E over it. */
function boxLowerBound(radial: Radial, temperature: number, box: Box, c: readonly number[], s: number): number {
  let rr: Interval = point(0);
  for (let j = 0; j < c.length; j++) rr = add(rr, sqr(sub(box[j]!, point(c[j]!))));
  const dot = tryEnclose(() => div(radial.box(box, c), point(temperature)));
  // Stryker disable next-line all: a guard, the supported terms' box enclosures do not throw (an enclosure that throws proves nothing)
  if (dot === undefined) return -Infinity;
  // 2 s is exact (a power-of-two scaling); 2 s d and 4 s^2 are rounded outward.
  const phi = sub(sub(scale(dot, 2 * s), scale(point(2 * s), c.length)), mul(sqr(point(2 * s)), rr));
  // Stryker disable next-line all: a guard, finite enclosures of the supported terms give no NaN
  return hasNaN(phi) ? -Infinity : phi.lo;
}

/**
 * Least phi over a cone (rounded down): (x - c) . grad E = r^2 A2 + r A1 + A0 gives
 * phi >= a r^2 + b r + e for r >= R, minimised in closed form (proofs/lyapunov-tail.md, section 2).
 */
export function coneLowerBound(radial: { r2: Interval; r1: Interval; r0: Interval }, uu: Interval, temperature: number, s: number, d: number, radius: number): number {
  const k = div(point(2 * s), point(temperature));
  const a = sub(mul(k, radial.r2), mul(sqr(point(2 * s)), uu)).lo;
  const b = mul(k, radial.r1).lo;
  const e = sub(mul(k, radial.r0), scale(point(2 * s), d)).lo;
  // Finite coefficients only (an infinite one proves nothing here), and a >= 0 for a minimum on [R, inf).
  if (!(a >= 0 && Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(e))) return -Infinity;
  const R = point(radius);
  // The quadratic is nondecreasing on [R, inf) when its slope there, b + 2 a R, is >= 0.
  if (add(point(b), mul(point(2 * a), R)).lo >= 0) return add(add(mul(point(a), sqr(R)), mul(point(b), R)), point(e)).lo;
  if (a === 0) return -Infinity;
  return sub(point(e), div(sqr(point(b)), point(4 * a))).lo;
}

/** Checks the tail hypotheses (H1), (H2) of proofs/lyapunov-tail.md and returns theta, beta and K. */
export function checkLyapunovTail(model: EnergyModel, temperature: number, evidence: LyapunovTailEvidence): CheckOutcome<LyapunovTailBound> {
  const where = 'lyapunov tail';
  const badT = validTemperature(temperature);
  if (badT) return { ok: false, reason: `${where}: ${badT}` };
  const rough = nonSmoothPart(model);
  if (rough) return { ok: false, reason: `${where}: ${rough}` };
  const { region, farField, boxes, s } = evidence;
  if (!(Number.isFinite(s) && s > 0)) return { ok: false, reason: `${where}: s ${String(s)} must be positive and finite` };
  if (!Array.isArray(boxes)) return { ok: false, reason: `${where}: boxes is not a list` };
  const d = model.dim;
  const badRegion = validateBox(region, d, 'region');
  if (badRegion) return { ok: false, reason: `${where}: ${badRegion}` };
  if (!region.every((c) => Number.isFinite(c.lo) && Number.isFinite(c.hi))) return { ok: false, reason: `${where}: the region K must be bounded` };
  const cover = checkFarFieldCover(boxes, farField, d);
  if (!cover.ok) return { ok: false, reason: `${where}: ${cover.reason}` };
  let radial: Radial;
  try {
    radial = compileRadial(model);
  } catch (e) {
    return { ok: false, reason: `${where}: ${(e as Error).message}` };
  }
  // theta: the least bound off K (cones, and boxes not inside K); beta from the boxes inside K.
  // Stryker disable next-line StringLiteral: equivalent, every patch list that passes the cover check sets thetaAt
  let theta = Infinity, least = Infinity, thetaAt = '';
  for (const [k, box] of boxes.entries()) {
    const lower = boxLowerBound(radial, temperature, box, farField.center, s);
    if ((box as Box).every((c: Interval, j: number) => region[j]!.lo <= c.lo && c.hi <= region[j]!.hi)) {
      if (lower === -Infinity) return { ok: false, reason: `${where}: phi is not bounded below on box ${k}, inside K` };
      least = Math.min(least, lower);
      continue;
    }
    // Stryker disable next-line EqualityOperator: equivalent, a tie keeps theta and changes only which place the reason names
    if (!(lower >= theta)) {
      theta = lower;
      thetaAt = `box ${k}, which is not inside K`;
    }
  }
  const center = Float64Array.from(farField.center);
  for (const [k, patch] of farField.patches.entries()) {
    const cone: Cone = { center, radius: farField.radius, uLo: Float64Array.from(patch, (c) => c.lo), uHi: Float64Array.from(patch, (c) => c.hi) };
    let uu: Interval = point(0);
    for (const c of patch) uu = add(uu, sqr(c));
    // Stryker disable next-line all: a guard, the supported terms' cone enclosures do not throw (an enclosure that throws proves nothing)
    const lower = tryEnclose(() => coneLowerBound(radial.cone(cone), uu, temperature, s, d, farField.radius)) ?? -Infinity;
    // Stryker disable next-line EqualityOperator: equivalent, a tie keeps theta and changes only which place the reason names
    if (!(lower >= theta)) {
      theta = lower;
      thetaAt = `the cone over patch ${k}`;
    }
  }
  if (!(theta > 0)) return { ok: false, reason: `${where}: phi > 0 is not proved on ${thetaAt} (lower bound ${theta})` };
  return { ok: true, value: { theta, beta: Math.max(0, -least), region } };
}

/** (1 + (theta + beta) C_K) / theta, rounded up (the theorem of proofs/lyapunov-tail.md). */
export function lyapunovPoincareConstant(theta: number, beta: number, cK: number): number {
  const t = point(theta);
  return div(add(point(1), mul(add(t, point(beta)), point(cK))), t).hi;
}

export interface LyapunovPoincareBound {
  readonly tail: LyapunovTailBound;
  /** The decomposition of pi(. | K). */
  readonly restricted: PoincareBound;
  /** Var_pi g <= poincare E_pi |grad g|^2 (rounded up); gap >= 1 / poincare (rounded down). */
  readonly poincare: number;
  readonly gap: number;
}

/** The theorem's three hypotheses and its constant: the tail, then the decomposition of pi(. | K). */
export function checkLyapunovPoincare(model: EnergyModel, temperature: number, bracket: IntegralBracket, restricted: PoincareDecompositionEvidence, tail: LyapunovTailEvidence): CheckOutcome<LyapunovPoincareBound> {
  const t = checkLyapunovTail(model, temperature, tail);
  if (!t.ok) return t;
  const r = checkRestrictedDecomposition(model, temperature, bracket, restricted, t.value.region, 'lyapunov tail: pi(. | K)');
  if (!r.ok) return r;
  const poincare = lyapunovPoincareConstant(t.value.theta, t.value.beta, r.value.poincare);
  if (!Number.isFinite(poincare)) return { ok: false, reason: 'lyapunov tail: the constant is not finite' };
  return { ok: true, value: { tail: t.value, restricted: r.value, poincare, gap: div(point(1), point(poincare)).lo } };
}
