// Producer of the localisation route (proofs/stopping-localisation.md; untrusted search, the kernel's
// localisationTvBound decides). For each candidate half-width R of K = c + [-R, R]^d it builds the
// evidence (bisection grids of K and K', the quadratic q matched to f's curvature at the centre, the
// Lyapunov exponents s), takes the inner constants (L~, alpha~, KL0~) from the kernel, picks the
// Vempala-Wibisono step h and step count N for the share of the TV budget left after the exit and
// mismatch terms, and keeps the smallest N the kernel accepts.
import type { EnergyModel } from '../../kernel/model.js';
import type { Box } from '../../kernel/box.js';
import { splitPoint } from '../../kernel/box.js';
import { mul, point } from '../../kernel/interval.js';
import { ROUTE_THEOREMS, type StoppingInput, type StoppingRoute } from '../../kernel/stopping/types.js';
import { checkStoppingRoute } from '../../kernel/stopping/check.js';
import { notApplicable } from './finalize.js';
import { enclosePotential } from '../../kernel/checks/common.js';
import { checkLocalisedEnergy, localisedKl0Upper, localisedOutsideMassUpper, outerBox, type LocalisedEnergySpec } from '../../kernel/stopping/localisedEnergy.js';
import { boxDriftExcess, type LyapunovSpec } from '../../kernel/stopping/localisationDrift.js';
import { exitProbabilityBound, lyapunovOutsideInf } from '../../kernel/stopping/localisationExit.js';
import { localisationTvBound, piOutsideUpper, type LocalisationBound, type LocalisationEvidence } from '../../kernel/stopping/localisation.js';
import { optimalBiasShare } from './vempalaWibisono.js';

export interface LocalisationSearch {
  readonly halfWidths: readonly number[];
  /** Cut-off transition width as a share of R. */
  readonly widthShare: number;
  /** Lyapunov exponents s_i tried, as shares of half of f's curvature at the centre (s < m/2 keeps Phi integrable). */
  readonly sShares: readonly number[];
  /** Share of the TV budget left after the mismatch term that goes to the exit term (the rest to the inner TV). */
  readonly exitShare: number;
  /** Bisection depth per axis of the grids of K and K' (2^depth cells per axis). */
  readonly depth: number;
  /** Per-axis multipliers of R (K_i = c_i + [-R a_i, R a_i]); default 1 on every axis. */
  readonly axisScales?: readonly number[];
  /** Multipliers of the centre curvature tried for q (the smallest osc W wins). */
  readonly curvatureScales?: readonly number[];
  readonly tail: LocalisationEvidence['mass']['tail'];
  /** Largest number of boxes of the drift cover of K (boxes whose excess is above target are bisected). */
  readonly maxDriftBoxes?: number;
  readonly progress?: (line: string) => void;
}

export interface LocalisationResult {
  readonly h: number;
  readonly steps: number;
  readonly evidence: LocalisationEvidence;
  readonly bound: LocalisationBound;
  readonly halfWidth: number;
}

/** The 2^depth-per-axis grid of a bounded box, by repeated midpoint bisection (a bisection partition). */
export function bisectionGrid(region: Box, depth: number): Box[] {
  let boxes: Box[] = [region];
  for (let level = 0; level < depth; level++) {
    for (let axis = 0; axis < region.length; axis++) {
      const next: Box[] = [];
      for (const b of boxes) {
        const at = splitPoint(b[axis]!.lo, b[axis]!.hi);
        if (at === null) { next.push(b); continue; }
        next.push(b.map((c, i) => (i === axis ? { lo: c.lo, hi: at } : c)));
        next.push(b.map((c, i) => (i === axis ? { lo: at, hi: c.hi } : c)));
      }
      boxes = next;
    }
  }
  return boxes;
}

/** Curvature of q per axis: the midpoint of f's Hessian diagonal at the centre, at least `floor`. */
function centreCurvature(model: EnergyModel, temperature: number, center: readonly number[], floor: number): number[] {
  const h = enclosePotential(model, temperature, center.map((x) => point(x))).hessian;
  return center.map((_, i) => Math.max(floor, 0.5 * (h[i]![i]!.lo + h[i]![i]!.hi)));
}

/** The VW step and step count for an inner KL target (float search; the kernel re-checks). */
function innerStep(dim: number, alpha: number, l: number, kl0: number, eps: number): { h: number; steps: number } | null {
  if (!(eps > 0)) return null;
  const c = (8 * dim * l * l) / alpha;
  const u = kl0 < eps ? (1 - kl0 / eps) / 2 : optimalBiasShare(Math.max(kl0 / eps, 1 + 1e-6));
  const h = Math.min(alpha / (4 * l * l), (u * eps) / c) * (1 - 1e-9);
  const room = eps - c * h;
  const steps = kl0 <= room ? 0 : Math.ceil(Math.log(kl0 / room) / (alpha * h));
  return Number.isSafeInteger(steps) ? { h, steps } : null;
}

export function localisationRoute(model: EnergyModel, temperature: number, init: { mean: number; std: number }, tvEpsilon: number, search: LocalisationSearch, center?: readonly number[]): LocalisationResult | { reason: string } {
  const d = model.dim;
  const c = center ?? new Array<number>(d).fill(0);
  const curvature = centreCurvature(model, temperature, c, 0.25);
  let best: LocalisationResult | null = null;
  let lastReason = 'no half-width tried';
  for (const R of search.halfWidths) {
    const cutoff = c.map((ci, i) => {
      const r = R * (search.axisScales?.[i] ?? 1);
      return { lo: ci - r, hi: ci + r, width: r * search.widthShare };
    });
    const region: Box = cutoff.map((k) => ({ lo: k.lo, hi: k.hi }));
    const outer: Box = outerBox(cutoff);
    const outerBoxes = bisectionGrid(outer, search.depth);
    let localised: LocalisedEnergySpec | null = null;
    let loc: ReturnType<typeof checkLocalisedEnergy> = { ok: false, reason: 'no curvature tried' };
    for (const scale of search.curvatureScales ?? [1]) {
      const spec: LocalisedEnergySpec = { cutoff, quadratic: { curvature: curvature.map((m) => m * scale), center: c }, boxes: outerBoxes };
      const r = checkLocalisedEnergy(model, temperature, spec);
      if (r.ok && (!loc.ok || r.value.alpha / r.value.smoothness > loc.value.alpha / loc.value.smoothness)) { loc = r; localised = spec; }
      else if (!loc.ok) loc = r;
    }
    if (!loc.ok || localised === null) { lastReason = loc.ok ? 'no spec' : loc.reason; continue; }
    const { smoothness, alpha, oscillation } = loc.value;
    const kl0 = localisedKl0Upper(localised.quadratic, init, oscillation);
    const piTilde = localisedOutsideMassUpper(localised, oscillation);
    const massBoxes = bisectionGrid(region, search.depth);
    const mass = { boxes: massBoxes, shift: 0, tail: search.tail };
    const pi = piOutsideUpper(model, temperature, region, mass);
    if (!pi.ok) { lastReason = pi.reason; continue; }
    const mismatch = Math.max(pi.value, piTilde);
    // Budget: exitShare of what is left for the exit, the rest for the inner TV (KL = 2 TV^2).
    const left = tvEpsilon - mismatch;
    const innerTvTarget = left * (1 - search.exitShare);
    const inner = innerStep(d, alpha, smoothness, kl0, 2 * innerTvTarget * innerTvTarget * (1 - 1e-6));
    search.progress?.(`R = ${R}: L~ = ${smoothness.toPrecision(4)}, osc W = ${oscillation.toPrecision(4)}, alpha~ = ${alpha.toPrecision(4)}, KL0~ = ${kl0.toPrecision(4)}, pi(K^c) <= ${pi.value.toExponential(2)}, pi~(K^c) <= ${piTilde.toExponential(2)}, inner N = ${inner ? inner.steps : 'none'}${inner ? ` at h = ${inner.h.toExponential(3)}` : ''}`);
    if (inner === null || !(left > 0)) { lastReason = `R = ${R}: no inner step count (mismatch ${mismatch}, alpha~ ${alpha}, L~ ${smoothness})`; continue; }
    // The kernel reads h as the enclosure of stepSize * T (stepSize = h / T): check the drift on exactly that.
    const hI = mul(point(inner.h / temperature), point(temperature));
    let chosen: { lyapunov: LyapunovSpec; b: number; exit: number; boxes: Box[] } | null = null;
    for (const share of search.sShares) {
      const lyapunov: LyapunovSpec = { center: c, s: curvature.map((m) => (share * m) / 2) };
      // The drift's b may cost at most half the exit budget: (N - 1) b <= exitBudget inf Phi / 2.
      const bTarget = (0.5 * left * search.exitShare * lyapunovOutsideInf(region, lyapunov)) / Math.max(1, inner.steps);
      const drift = adaptiveDriftCover(model, temperature, hI, lyapunov, region, bTarget, search.maxDriftBoxes ?? 40_000);
      if (drift === null) continue;
      const { b, boxes: driftBoxes } = drift;
      try {
        const exit = exitProbabilityBound({ region, lyapunov, b, init, steps: inner.steps }).exit;
        search.progress?.(`R = ${R}, s = ${lyapunov.s.map((x) => x.toPrecision(3)).join(',')}: exit <= ${exit.toExponential(3)} (b = ${b.toExponential(3)}) at N = ${inner.steps}`);
        if (chosen === null || exit < chosen.exit) chosen = { lyapunov, b, exit, boxes: driftBoxes };
      } catch (e) {
        lastReason = `R = ${R}: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    if (chosen === null) { lastReason = `R = ${R}: the drift has no finite bound`; continue; }
    const { lyapunov, b, boxes: driftBoxes } = chosen;
    const evidence: LocalisationEvidence = { localised, drift: { boxes: driftBoxes, lyapunov, b }, mass };
    const checked = localisationTvBound(model, temperature, init, hI, inner.steps, evidence);
    if (!checked.ok) { lastReason = `R = ${R}: ${checked.reason}`; continue; }
    if (!(checked.value.tv <= tvEpsilon)) { lastReason = `R = ${R}: TV bound ${checked.value.tv} > ${tvEpsilon}`; continue; }
    if (best === null || inner.steps < best.steps) best = { h: inner.h, steps: inner.steps, evidence, bound: checked.value, halfWidth: R };
  }
  return best ?? { reason: lastReason };
}

/**
 * A cover of K for the drift check: a 4-per-axis grid, then every box whose excess E[Phi(X')|x] - Phi(x)
 * is above `target` is bisected along its widest axis (largest excess first) until all are below or the
 * box budget is spent. Returns the cover and b = its largest excess (null when some box has none).
 */
export function adaptiveDriftCover(model: EnergyModel, temperature: number, h: ReturnType<typeof point>, lyapunov: LyapunovSpec, region: Box, target: number, maxBoxes: number): { boxes: Box[]; b: number } | null {
  const excessOf = (box: Box): number => {
    try {
      return boxDriftExcess(model, temperature, h, lyapunov, box);
    } catch {
      return Infinity;
    }
  };
  const done: { box: Box; excess: number }[] = [];
  let pending = bisectionGrid(region, 2).map((box) => ({ box, excess: excessOf(box) }));
  while (pending.length > 0) {
    const next: { box: Box; excess: number }[] = [];
    for (const item of pending) {
      if (item.excess <= target || done.length + pending.length + next.length >= maxBoxes) { done.push(item); continue; }
      const axis = item.box.reduce((best, c, i, all) => (c.hi - c.lo > all[best]!.hi - all[best]!.lo ? i : best), 0);
      const at = splitPoint(item.box[axis]!.lo, item.box[axis]!.hi);
      if (at === null) { done.push(item); continue; }
      for (const half of [{ lo: item.box[axis]!.lo, hi: at }, { lo: at, hi: item.box[axis]!.hi }]) {
        const box = item.box.map((c, i) => (i === axis ? half : c));
        next.push({ box, excess: excessOf(box) });
      }
    }
    pending = next;
  }
  let b = 0;
  for (const d of done) b = Math.max(b, d.excess);
  return Number.isFinite(b) ? { boxes: done.map((d) => d.box), b } : null;
}

/**
 * The localisation route as a StoppingRoute (metric TV) for `input` (which carries model and tvEpsilon),
 * accepted by checkStoppingRoute, or not applicable with the search's last reason.
 */
export function localisationStoppingRoute(input: StoppingInput, search: LocalisationSearch): StoppingRoute {
  if (input.model === undefined) return notApplicable('localisation', 'needs the energy model');
  if (!(input.tvEpsilon! > 0)) return notApplicable('localisation', 'no TV target (tvEpsilon)');
  if (input.preconditioner !== undefined) return notApplicable('localisation', 'proven for plain ULA only');
  const r = localisationRoute(input.model, input.temperature, input.init, input.tvEpsilon!, search);
  if ('reason' in r) return notApplicable('localisation', r.reason);
  const stepSize = r.h / input.temperature;
  const route: StoppingRoute = {
    route: 'localisation', theorem: ROUTE_THEOREMS.localisation, applies: true, metric: 'TV',
    stepSize, h: stepSize * input.temperature, steps: r.steps, tvBound: r.bound.tv, localisation: r.evidence,
  };
  const checked = checkStoppingRoute(route, input);
  return checked.ok ? route : notApplicable('localisation', `the kernel did not accept the producer's route: ${checked.reason}`);
}
