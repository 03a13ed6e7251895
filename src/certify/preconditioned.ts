// The producer side of a preconditioned stopping claim: the kernel checks the curvature of
// g(y) = f(C y) on each cover the other producers already built (smoothness, LSI), and the record
// keeps the cover with the smallest condition number L_g / m_g. Nothing here is trusted: verify
// re-runs checkPreconditionedCurvature on the stored cover.
import { checkPreconditionedCurvature } from '../kernel/checks/preconditioned.js';
import type { Box } from '../kernel/checks/cover.js';
import type { EnergyModel } from '../kernel/model.js';
import { boxToJson, finiteOrNull, type PreconditionerRecord } from '../verify/certificate.js';
import { PRECONDITIONER_SOURCE } from '../verify/preconditioner.js';

export function preconditionerRecord(model: EnergyModel, temperature: number, factor: number[][], covers: readonly (readonly Box[])[]): PreconditionerRecord {
  let best: { m: number; upper: number; boxes: readonly Box[] } | null = null;
  for (const boxes of covers) {
    if (boxes.length === 0) continue;
    const r = checkPreconditionedCurvature(model, temperature, factor, boxes);
    if (!r.ok) continue;
    const ratio = (x: { m: number; upper: number }): number => (x.m > 0 ? x.upper / x.m : Infinity);
    if (best === null || ratio(r.value) < ratio(best) || (ratio(best) === Infinity && r.value.m > best.m)) best = { ...r.value, boxes };
  }
  const base = { factor: factor.map((row) => [...row]), function: PRECONDITIONER_SOURCE.function, proof: PRECONDITIONER_SOURCE.proof };
  if (best === null) return { ...base, claim: { m: null, upper: null }, evidence: { boxes: [] } };
  return {
    ...base,
    claim: { m: best.m > 0 ? best.m : null, upper: finiteOrNull(best.upper) },
    evidence: { boxes: best.boxes.map(boxToJson) },
  };
}
