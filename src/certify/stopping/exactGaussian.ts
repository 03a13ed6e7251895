// The exact-gaussian route (proofs/stopping-exact-gaussian.md): when f is proven exactly quadratic
// and rho_0 is Gaussian, KL(rho_N || pi) has a closed form, so the smallest N over step sizes can be
// searched in float64 and then certified by the kernel's interval enclosure of the same closed form.
// KL_N is not monotone in h (nor always in N), so h is scanned on a log grid and refined twice.
import type { StoppingInput, StoppingRoute } from '../../kernel/stopping/types.js';
import { kernelCheckedRoute, notApplicable } from './finalize.js';
import { firstStepBelow, gaussianTargetFromQuadratic, stationaryKl, type GaussianTarget } from './gaussianKlCurve.js';

export interface ExactGaussianSearchOptions {
  /** Never propose more steps than this. */
  readonly maxSteps?: number;
  /** Points of the first (log-spaced) grid and of each refinement. */
  readonly gridPoints?: number;
}

/** The float search aims this far under eps so the interval enclosure (width ~1e-12) still fits. */
const TARGET_SHARE = 1 - 1e-7;
/** Step evaluations allowed per refinement level. */
const REFINE_WORK = 3_000_000;

interface Candidate {
  readonly h: number;
  readonly steps: number;
}

function scan(target: GaussianTarget, hs: readonly number[], eps: number, cap: { steps: number }): Candidate[] {
  const found: Candidate[] = [];
  for (const h of hs) {
    if (!(stationaryKl(target, h) < eps * TARGET_SHARE)) continue; // ULA's own floor is above eps at this h
    const steps = firstStepBelow(target, h, eps * TARGET_SHARE, cap.steps);
    if (steps === null) continue;
    found.push({ h, steps });
    cap.steps = Math.min(cap.steps, steps);
  }
  return found;
}

function midpoint(lo: number, hi: number): number {
  return lo === hi ? lo : lo / 2 + hi / 2;
}

export function exactGaussianRoute(input: StoppingInput, options: ExactGaussianSearchOptions = {}): StoppingRoute {
  const maxSteps = options.maxSteps ?? 10_000_000;
  const gridPoints = options.gridPoints ?? 160;
  if (input.quadratic === undefined) return notApplicable('exact-gaussian', 'f is not proven exactly quadratic');
  if (!(input.init.std >= 0) || !Number.isFinite(input.init.mean) || !Number.isFinite(input.init.std)) {
    return notApplicable('exact-gaussian', 'the start is not a finite Gaussian');
  }
  const hessian = input.quadratic.hessian.map((row) => row.map((x) => midpoint(x.lo, x.hi)));
  const gradient = input.quadratic.gradientAtOrigin.map((x) => midpoint(x.lo, x.hi));
  if (![...hessian.flat(), ...gradient].every(Number.isFinite)) return notApplicable('exact-gaussian', 'quadratic evidence is not finite');
  const target = gaussianTargetFromQuadratic(hessian, gradient, input.init);
  if (target === null) return notApplicable('exact-gaussian', 'hess f is not positive definite: pi is not a Gaussian');

  // Stability needs |1 - h lambda| < 1 for every eigenvalue: h < 2 / lambda_max.
  const hStable = 2 / target.eigenvalues[target.eigenvalues.length - 1]!;
  const cap = { steps: maxSteps };
  // Largest steps first: they finish fastest and set the cap that prunes the slow small steps.
  const logGrid = Array.from({ length: gridPoints }, (_, i) => hStable * 10 ** (-8 * ((i + 1) / gridPoints)));
  let candidates = scan(target, logGrid, input.epsilon, cap);
  // Refine twice between the neighbours of the best grid point.
  for (let level = 0; level < 2 && candidates.length > 0; level++) {
    const best = candidates.reduce((a, b) => (b.steps < a.steps ? b : a));
    const lo = best.h * (level === 0 ? 10 ** (-8 / gridPoints) : 1 - 0.05 / gridPoints);
    const hi = Math.min(hStable * (1 - 1e-12), best.h * (level === 0 ? 10 ** (8 / gridPoints) : 1 + 0.05 / gridPoints));
    // Each refined point costs about best.steps evaluations: cap the work, not the accuracy that matters
    // (near the optimum N(h) is flat to within a step or two).
    const points = Math.max(16, Math.min(gridPoints, Math.floor(REFINE_WORK / Math.max(1, best.steps))));
    const fine = Array.from({ length: points + 1 }, (_, i) => lo + ((hi - lo) * i) / points);
    candidates = [...candidates, ...scan(target, fine, input.epsilon, { steps: cap.steps })];
  }
  if (candidates.length === 0) {
    return notApplicable('exact-gaussian', `no step size reaches KL <= ${input.epsilon} within ${maxSteps} steps`);
  }
  // Certify the cheapest candidates first; the kernel has the last word on each.
  candidates.sort((a, b) => a.steps - b.steps || a.h - b.h);
  for (const candidate of candidates.slice(0, 20)) {
    const route = kernelCheckedRoute('exact-gaussian', input, candidate.h, (h) =>
      firstStepBelow(target, h, input.epsilon * TARGET_SHARE, maxSteps),
    );
    if (route !== null) return route;
  }
  return notApplicable('exact-gaussian', 'the kernel enclosure did not confirm any searched step size');
}
