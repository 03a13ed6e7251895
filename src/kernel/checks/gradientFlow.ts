// Refuting the noise-free gradient flow (proofs/gradient-flow.md): along dx/dt = -grad f the
// density moves by d/dt rho = div(rho grad f), and div(pi grad f) = pi (lap f - |grad f|^2).
// A box on which the enclosure of lap f - |grad f|^2 excludes 0 is a set of positive pi-mass where
// d/dt rho != 0 at rho = pi, so pi is not invariant and no KL-Lyapunov certificate exists.
import { add, sqr, sub, type Interval } from '../interval.js';
import type { EnergyModel } from '../model.js';
import type { Box } from './cover.js';
import { validateBox } from './cover.js';
import { nonSmoothPart } from './smoothModel.js';
import { enclosePotential, hasNaN, tryEnclose, validTemperature, type CheckOutcome } from './common.js';

export interface FlowWitness {
  /** Enclosure of lap f - |grad f|^2 over the witness box (excludes 0). */
  readonly generator: Interval;
}

export function checkGradientFlowWitness(model: EnergyModel, temperature: number, box: Box): CheckOutcome<FlowWitness> {
  const badT = validTemperature(temperature);
  if (badT) return { ok: false, reason: `gradient-flow witness: ${badT}` };
  const bad = validateBox(box, model.dim, 'gradient-flow witness box');
  if (bad) return { ok: false, reason: bad };
  const rough = nonSmoothPart(model);
  if (rough) return { ok: false, reason: `gradient-flow witness: ${rough}` };
  if (!box.every((c) => c.lo < c.hi)) return { ok: false, reason: 'gradient-flow witness box: every coordinate needs positive width (a set of positive mass)' };
  // Stryker disable next-line ObjectLiteral: equivalent, {} has lo and hi undefined, which exclude nothing (rejected below)
  const q = tryEnclose(() => stationarityDefect(model, temperature, box)) ?? { lo: -Infinity, hi: Infinity };
  if (hasNaN(q) || !(q.lo > 0 || q.hi < 0))
    return { ok: false, reason: `gradient-flow witness box: lap f - |grad f|^2 in [${q.lo}, ${q.hi}] does not exclude 0` };
  return { ok: true, value: { generator: q } };
}

/** Enclosure of lap f - |grad f|^2 over a box. */
export function stationarityDefect(model: EnergyModel, temperature: number, box: Box): Interval {
  const e = enclosePotential(model, temperature, box);
  let lap: Interval = { lo: 0, hi: 0 };
  let gradSq: Interval = { lo: 0, hi: 0 };
  for (let i = 0; i < model.dim; i++) {
    lap = add(lap, e.hessian[i]![i]!);
    gradSq = add(gradSq, sqr(e.gradient[i]!));
  }
  return sub(lap, gradSq);
}
