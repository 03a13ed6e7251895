// The localisation stopping route (proofs/stopping-localisation.md, Theorem): ULA on f and ULA on the
// localised f~ (localisedEnergy.ts) from the same start with the same noise agree while the chain stays
// in K (grad f~ = grad f there), so
//   TV(rho_N, pi) <= P(exit from K before step N) + sqrt(KL(rho~_N || pi~) / 2) + max(pi(K^c), pi~(K^c)).
// Every term is re-derived here from the evidence: the exit term from the drift check
// (localisationDrift.ts) and localisationExit.ts, the inner KL from Vempala-Wibisono on f~
// (constants from checkLocalisedEnergy), pi(K^c) from certified integrals of exp(-f) on a partition of K
// and the certified tail outside K, pi~(K^c) from the quadratic q and osc W.
import { add, div, point, sqrt, type Interval } from '../interval.js';
import type { EnergyModel } from '../model.js';
import type { Box } from '../box.js';
import { boxIntegral } from '../integration/boxIntegral.js';
import { checkBisectionPartition } from '../integration/evidence.js';
import { checkTailBound, type TailDecomposition } from '../integration/tails.js';
import type { CheckOutcome } from '../checks/common.js';
import { addLo } from '../rounding.js';
import { checkLyapunovDrift, type LyapunovSpec } from './localisationDrift.js';
import { exitProbabilityBound } from './localisationExit.js';
import { checkLocalisedEnergy, localisedKl0Upper, localisedOutsideMassUpper, type LocalisedEnergySpec } from './localisedEnergy.js';
import { vempalaWibisonoBound, vempalaWibisonoInapplicable, vempalaWibisonoMaxStep } from './vempalaWibisono.js';

export interface LocalisationEvidence {
  /** f~: the cut-off (K = prod [lo_i, hi_i], widths), the quadratic q and boxes covering K'. */
  readonly localised: LocalisedEnergySpec;
  /** Drift (D) on K: boxes covering K, Phi, b. */
  readonly drift: { readonly boxes: readonly Box[]; readonly lyapunov: LyapunovSpec; readonly b: number };
  /** pi(K^c): a bisection partition of K (lower bound of the mass in K) and the tail outside K. */
  readonly mass: {
    readonly boxes: readonly Box[];
    readonly shift: number;
    readonly tail: { readonly boundedTerms: readonly number[]; readonly anchor: readonly number[]; readonly decomposition?: TailDecomposition };
  };
}

export interface LocalisationBound {
  readonly exit: number;
  readonly innerKl: number;
  readonly innerTv: number;
  readonly piOutside: number;
  readonly piTildeOutside: number;
  /** The sum: an upper bound of TV(rho_N, pi). */
  readonly tv: number;
  readonly smoothness: number;
  readonly alpha: number;
  readonly kl0: number;
  readonly oscillation: number;
}

/** pi(K^c) <= tail(K^c) / (integral over K), both of exp(-(f - shift)). */
export function piOutsideUpper(model: EnergyModel, temperature: number, region: Box, mass: LocalisationEvidence['mass']): CheckOutcome<number> {
  const badPartition = checkBisectionPartition(region, mass.boxes);
  if (badPartition) return { ok: false, reason: `mass of K: ${badPartition}` };
  let inside = 0;
  for (const b of mass.boxes) inside = addLo(inside, boxIntegral(model, temperature, b, mass.shift).lo);
  if (!(inside > 0)) return { ok: false, reason: 'mass of K: no positive lower bound of the integral of exp(-f) over K' };
  const dec = mass.tail.decomposition;
  const tail = checkTailBound(model, temperature, { inner: region, boundedTerms: mass.tail.boundedTerms, anchor: mass.tail.anchor, ...(dec !== undefined ? { decomposition: dec } : {}) }, mass.shift);
  if (!tail.ok) return { ok: false, reason: `the tail of pi outside K: ${tail.reason}` };
  return { ok: true, value: Math.min(1, div(point(tail.value.upper), point(inside)).hi) };
}

/**
 * The route's bound on TV(rho_N, pi) for every f-unit step in `h`, from rho_0 = N(m 1, sigma^2 I);
 * not ok when some hypothesis fails (nothing is searched).
 */
export function localisationTvBound(model: EnergyModel, temperature: number, init: { readonly mean: number; readonly std: number }, h: Interval, steps: number, ev: LocalisationEvidence): CheckOutcome<LocalisationBound> {
  if (!Number.isSafeInteger(steps) || steps < 0) return { ok: false, reason: `steps = ${steps}: expected an integer >= 0` };
  const loc = checkLocalisedEnergy(model, temperature, ev.localised);
  if (!loc.ok) return loc;
  const region: Box = ev.localised.cutoff.map((c) => ({ lo: c.lo, hi: c.hi }));
  const drift = checkLyapunovDrift(model, temperature, h, { region, boxes: ev.drift.boxes, lyapunov: ev.drift.lyapunov, b: ev.drift.b });
  if (!drift.ok) return drift;
  let exit: number;
  try {
    exit = exitProbabilityBound({ region, lyapunov: ev.drift.lyapunov, b: ev.drift.b, init, steps }).exit;
  } catch (e) {
    return { ok: false, reason: `exit bound: ${e instanceof Error ? e.message : String(e)}` };
  }
  const { smoothness, alpha, oscillation } = loc.value;
  const kl0 = localisedKl0Upper(ev.localised.quadratic, init, oscillation);
  const constants = { dim: model.dim, alpha, smoothness, kl0 };
  const why = vempalaWibisonoInapplicable(constants);
  if (why !== null) return { ok: false, reason: `inner Vempala-Wibisono on f~: ${why}` };
  if (!(h.hi <= vempalaWibisonoMaxStep(constants).lo)) return { ok: false, reason: `h = ${h.hi} exceeds alpha~ / (4 L~^2) = ${vempalaWibisonoMaxStep(constants).lo}` };
  const innerKl = vempalaWibisonoBound(constants, h, steps).hi;
  const innerTv = Math.min(1, sqrt(div(point(innerKl), point(2))).hi);
  const pi = piOutsideUpper(model, temperature, region, ev.mass);
  if (!pi.ok) return pi;
  const piTildeOutside = localisedOutsideMassUpper(ev.localised, oscillation);
  const mismatch = Math.max(pi.value, piTildeOutside);
  const tv = add(add(point(exit), point(innerTv)), point(mismatch)).hi;
  return { ok: true, value: { exit, innerKl, innerTv, piOutside: pi.value, piTildeOutside, tv: Math.min(1, tv), smoothness, alpha, kl0, oscillation } };
}
