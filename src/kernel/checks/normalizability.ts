// Refuting normalizability (proofs/normalizability.md): if a box Q has infinite volume (one
// coordinate unbounded, every coordinate of positive width) and sup_Q f <= S < inf, then
// Z = int exp(-f) >= vol(Q) exp(-S) = inf, so pi does not exist and nothing may be certified.
// When the enclosure over the unbounded box is too coarse (x2^2 - 3 (x2+1)^2 gives inf - inf), a
// second argument bounds sup_Q f for Q = B' x [a, inf): if d2f/dx_i^2 <= 0 on Q and df/dx_i <= 0 on
// the face x_i = a, then df/dx_i <= 0 on all of Q, so f <= sup over the (bounded) face.
// (Proving Z < inf is the LSI decomposition's job: m > 0 and osc W < inf imply it.)
import type { EnergyModel } from '../model.js';
import type { Box } from './cover.js';
import { validateBox } from './cover.js';
import { enclosePotential, hasNaN, tryEnclose, validTemperature, type CheckOutcome } from './common.js';

export interface InfiniteMassWitness {
  /** Upper bound on sup f over the witness box. */
  readonly supF: number;
}

export function checkInfiniteMassWitness(model: EnergyModel, temperature: number, box: Box): CheckOutcome<InfiniteMassWitness> {
  const badT = validTemperature(temperature);
  if (badT) return { ok: false, reason: `normalizability witness: ${badT}` };
  const bad = validateBox(box, model.dim, 'normalizability witness box');
  if (bad) return { ok: false, reason: bad };
  if (!box.some((c) => c.lo === -Infinity || c.hi === Infinity))
    return { ok: false, reason: 'normalizability witness box: no unbounded coordinate, so its volume is finite' };
  if (!box.every((c) => c.lo < c.hi)) return { ok: false, reason: 'normalizability witness box: a coordinate has zero width' };
  // Stryker disable next-line ObjectLiteral,UnaryOperator: equivalent, only v.hi is used ({} or lo = +inf leave the same branch)
  const v = tryEnclose(() => enclosePotential(model, temperature, box).value) ?? { lo: -Infinity, hi: Infinity };
  if (!hasNaN(v) && v.hi < Infinity) return { ok: true, value: { supF: v.hi } };
  const tail = concaveTailBound(model, temperature, box);
  if (tail !== undefined) return { ok: true, value: { supF: tail } };
  return { ok: false, reason: `normalizability witness box: sup f is not bounded there (enclosure hi ${v.hi}, and the concave-tail argument does not apply)` };
}

/** sup f over a box with one half-line coordinate i, from concavity along x_i and the sign of
 *  df/dx_i on the finite face; undefined when the hypotheses cannot be shown. */
function concaveTailBound(model: EnergyModel, temperature: number, box: Box): number | undefined {
  const unbounded = box.map((c, i) => (Number.isFinite(c.lo) && Number.isFinite(c.hi) ? -1 : i)).filter((i) => i >= 0);
  if (unbounded.length !== 1) return undefined;
  const i = unbounded[0]!;
  const c = box[i]!;
  // Stryker disable next-line ConditionalExpression,UnaryOperator: equivalent, a whole line gives the face x_i = -inf, which the enclosure refuses
  if (c.lo === -Infinity && c.hi === Infinity) return undefined;
  const upward = c.hi === Infinity;
  const a = upward ? c.lo : c.hi;
  const whole = tryEnclose(() => enclosePotential(model, temperature, box));
  if (!whole || !(whole.hessian[i]![i]!.hi <= 0)) return undefined; // concave along x_i on Q
  const face = box.map((x, j) => (j === i ? { lo: a, hi: a } : x));
  const onFace = tryEnclose(() => enclosePotential(model, temperature, face));
  if (!onFace) return undefined;
  const g = onFace.gradient[i]!;
  if (upward ? !(g.hi <= 0) : !(g.lo >= 0)) return undefined; // f does not increase into Q at the face
  if (!(onFace.value.hi < Infinity)) return undefined;
  // Stryker disable next-line all: defensive, the enclosures return [-inf, inf] rather than NaN (no model reaches this)
  return hasNaN(onFace.value) ? undefined : onFace.value.hi;
}
