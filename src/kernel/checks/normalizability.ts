// Refuting normalizability (proofs/normalizability.md): if a box Q has infinite volume (one
// coordinate unbounded, every coordinate of positive width) and sup_Q f <= S < inf, then
// Z = int exp(-f) >= vol(Q) exp(-S) = inf, so pi does not exist and nothing may be certified.
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
  const v = tryEnclose(() => enclosePotential(model, temperature, box).value) ?? { lo: -Infinity, hi: Infinity };
  if (hasNaN(v) || !(v.hi < Infinity)) return { ok: false, reason: `normalizability witness box: sup f is not bounded there (enclosure hi ${v.hi})` };
  return { ok: true, value: { supF: v.hi } };
}
