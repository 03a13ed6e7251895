// The producer side of a preconditioned stopping claim: the kernel checks the curvature of
// g(y) = f(C y) on each cover the other producers already built (smoothness, LSI), and the record
// keeps the cover with the smallest condition number L_g / alpha_g, where alpha_g is the better of
// Bakry-Emery (m_g) and Holley-Stroock on g (m_U,g exp(-osc W), U = f - W from the lsi hypothesis).
// Nothing here is trusted: verify re-runs checkPreconditionedCurvature on the stored cover.
import { checkPreconditionedCurvature, preconditionedContractionFactor } from '../kernel/checks/preconditioned.js';
import { mul, point } from '../kernel/interval.js';
import { holleyStroockAlpha } from '../kernel/checks/lsi.js';
import type { Box } from '../kernel/checks/cover.js';
import type { EnergyModel } from '../kernel/model.js';
import { boxToJson, finiteOrNull, type PreconditionerRecord } from '../verify/certificate.js';
import { PRECONDITIONER_SOURCE } from '../verify/preconditioner.js';

/** The convex part U (E-units, as convexPart builds it) and osc W of a checked decomposition with W. */
export interface ConvexPartOfLsi {
  readonly u: EnergyModel;
  readonly oscW: number;
}

export function preconditionerRecord(
  model: EnergyModel,
  temperature: number,
  factor: number[][],
  covers: readonly (readonly Box[])[],
  convex?: ConvexPartOfLsi,
): PreconditionerRecord {
  let best: { m: number; upper: number; mConvex: number | null; alpha: number; boxes: readonly Box[] } | null = null;
  for (const boxes of covers) {
    if (boxes.length === 0) continue;
    const r = checkPreconditionedCurvature(model, temperature, factor, boxes);
    if (!r.ok) continue;
    const cu = convex ? checkPreconditionedCurvature(convex.u, temperature, factor, boxes) : null;
    const mConvex = cu?.ok && cu.value.m > 0 ? cu.value.m : null;
    const alpha = Math.max(r.value.m > 0 ? r.value.m : 0, mConvex !== null ? holleyStroockAlpha(mConvex, convex!.oscW) : 0);
    const score = (x: { alpha: number; upper: number }): number => (x.alpha > 0 ? x.upper / x.alpha : Infinity);
    const candidate = { ...r.value, mConvex, alpha, boxes };
    if (best === null || score(candidate) < score(best)) best = candidate;
  }
  const base = { factor: factor.map((row) => [...row]), function: PRECONDITIONER_SOURCE.function, proof: PRECONDITIONER_SOURCE.proof };
  if (best === null) return { ...base, claim: { m: null, upper: null }, evidence: { boxes: [] } };
  return {
    ...base,
    claim: { m: best.m > 0 ? best.m : null, upper: finiteOrNull(best.upper), ...(best.mConvex !== null ? { mConvex: best.mConvex } : {}) },
    evidence: { boxes: best.boxes.map(boxToJson) },
  };
}

/** Adds the contraction factor in the P^-1 metric at the engine step `stepSize` when it is below 1. */
export function withContraction(rec: PreconditionerRecord, stepSize: number, temperature: number): PreconditionerRecord {
  const { m, upper } = rec.claim;
  if (m === null || upper === null) return rec;
  const rate = preconditionedContractionFactor(m, upper, mul(point(stepSize), point(temperature))).hi;
  return rate < 1 ? { ...rec, claim: { ...rec.claim, contraction: rate } } : rec;
}
