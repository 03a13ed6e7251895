// Producer of the kl-hessian-lipschitz route (proofs/stopping-kl-hessian-lipschitz.md): finds a point
// near the minimiser, a grid cover with a small third-derivative bound M, and the step h that
// minimises N(h), the least step count the kernel's bound accepts at h. The kernel
// re-checks what is proposed.
import { point } from '../../kernel/interval.js';
import { enclosePotential } from '../../kernel/checks/common.js';
import { checkHessianLipschitz } from '../../kernel/checks/hessianLipschitz.js';
import { checkStoppingRoute } from '../../kernel/stopping/check.js';
import { klHessianLipschitzBound, klHessianLipschitzStepBias, type KlHessianLipschitzConstants } from '../../kernel/stopping/klHessianLipschitz.js';
import { ROUTE_THEOREMS, type HessianLipschitzEvidence, type StoppingInput, type StoppingRoute } from '../../kernel/stopping/types.js';
import type { EnergyModel } from '../../kernel/model.js';
import { notApplicable } from './finalize.js';

const NAME = 'kl-hessian-lipschitz' as const;

/** Gradient descent x <- x - grad f(x) / L from the start mean (midpoints of point enclosures). */
function approximateMinimiser(model: EnergyModel, temperature: number, start: number, smoothness: number): number[] {
  let x = new Array<number>(model.dim).fill(start);
  for (let it = 0; it < 500; it++) {
    const g = enclosePotential(model, temperature, x.map((v) => ({ lo: v, hi: v }))).gradient.map((e) => (e.lo + e.hi) / 2);
    if (!g.every(Number.isFinite)) break;
    const next = x.map((v, i) => v - g[i]! / smoothness);
    if (next.every((v, i) => v === x[i])) break;
    x = next;
  }
  return x;
}

/** Candidate covers: the whole space as one cell, and (d <= 3) a grid of 16 cells per axis around the center. */
function candidateBreaks(center: readonly number[], m: number): number[][][] {
  const d = center.length;
  const out: number[][][] = [center.map(() => [])];
  if (d <= 3) {
    const radius = 4 * Math.sqrt(d / m) + 1;
    const n = d === 1 ? 64 : d === 2 ? 16 : 8;
    out.push(center.map((c) => Array.from({ length: n + 1 }, (_, j) => c - radius + (2 * radius * j) / n)));
  }
  return out;
}

function bestEvidence(input: StoppingInput, model: EnergyModel, m: number): HessianLipschitzEvidence | string {
  const center = approximateMinimiser(model, input.temperature, input.init.mean, input.smoothness);
  if (!center.every(Number.isFinite)) return 'gradient descent towards the minimiser left the finite numbers';
  let best: HessianLipschitzEvidence | undefined;
  let why = '';
  for (const breaks of candidateBreaks(center, m)) {
    const r = checkHessianLipschitz(model, input.temperature, breaks);
    if (!r.ok) {
      why = r.reason;
      continue;
    }
    if (best === undefined || r.value.upper < best.upper) best = { upper: r.value.upper, breaks, center };
  }
  return best ?? why;
}

/**
 * The least N (as far as a monotone search finds it) with the kernel's bound <= eps at the point step h;
 * Infinity when the bias alone exceeds eps. Below N_lo = ln(KL0 / room) / (kappa h) the decay term alone
 * is too large; above it the bound is searched by doubling, then bisection.
 */
export function leastStepsAt(c: KlHessianLipschitzConstants, epsilon: number, h: number): number {
  const kappa = (77 / 62) * c.alpha;
  const hi0 = point(h);
  const room = epsilon - klHessianLipschitzStepBias(c, hi0).hi / -Math.expm1(-kappa * h);
  if (!(room > 0)) return Infinity;
  const fits = (n: number): boolean => klHessianLipschitzBound(c, hi0, n).hi <= epsilon;
  let lo = c.kl0 <= room ? 0 : Math.max(0, Math.floor(Math.log(c.kl0 / room) / (kappa * h)));
  // Past 2^53 - 1 consecutive integers are no longer doubles: the bisection below would never end.
  if (!(lo <= Number.MAX_SAFE_INTEGER)) return Infinity;
  if (fits(lo)) return lo;
  let step = Math.max(1, Math.ceil(lo / 64));
  let hi = lo + step;
  while (!fits(hi)) {
    if (hi > Number.MAX_SAFE_INTEGER) return Infinity;
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  if (hi > Number.MAX_SAFE_INTEGER) return Infinity;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The step in (0, hMax] minimising ceil(N(h)): a log-spaced scan, then golden-section refinement. */
export function bestKlHessianLipschitzStep(c: KlHessianLipschitzConstants, epsilon: number, hMax: number): number | null {
  const scan = 240;
  let bestH = NaN, bestN = Infinity, bestJ = -1;
  for (let j = 0; j <= scan; j++) {
    const h = hMax * 10 ** (-12 * (1 - j / scan));
    const n = leastStepsAt(c, epsilon, h);
    if (n <= bestN) [bestH, bestN, bestJ] = [h, n, j];
  }
  if (!Number.isFinite(bestN)) return null;
  let lo = hMax * 10 ** (-12 * (1 - Math.max(0, bestJ - 1) / scan)), hi = hMax * 10 ** (-12 * (1 - Math.min(scan, bestJ + 1) / scan));
  for (let i = 0; i < 100; i++) {
    const a = lo + 0.382 * (hi - lo), b = lo + 0.618 * (hi - lo);
    if (leastStepsAt(c, epsilon, a) <= leastStepsAt(c, epsilon, b)) hi = b;
    else lo = a;
  }
  const h = (lo + hi) / 2;
  return leastStepsAt(c, epsilon, h) <= bestN ? h : bestH;
}

export function klHessianLipschitzRoute(input: StoppingInput, extraTries = 3): StoppingRoute {
  const m = input.strongConvexity;
  // Cheap refusals first: check on networks without a global m > 0 must not pay for the cover.
  if (m === undefined || !(m > 0)) return notApplicable(NAME, 'needs a certified m > 0 with hess f >= m I everywhere (moments about the minimiser)');
  if (input.preconditioner !== undefined) return notApplicable(NAME, 'proven for plain ULA, not preconditioned ULA');
  if (input.model === undefined) return notApplicable(NAME, 'needs the energy model (third-derivative enclosures)');
  if (!(input.alpha > 0) || !(input.smoothness < Infinity) || !(input.kl0 < Infinity)) return notApplicable(NAME, 'needs a certified alpha > 0, a finite L and a finite KL0');
  const evidence = bestEvidence(input, input.model, m);
  if (typeof evidence === 'string') return notApplicable(NAME, evidence);
  const gradientAtCenter = enclosePotential(input.model, input.temperature, evidence.center.map((x) => ({ lo: x, hi: x }))).gradient;
  const c: KlHessianLipschitzConstants = {
    dim: input.dim, alpha: input.alpha, smoothness: input.smoothness, strongConvexity: m, hessianLipschitz: evidence.upper,
    kl0: input.kl0, init: input.init, center: evidence.center, gradientAtCenter,
  };
  const hMax = Math.min(1 / (Math.sqrt(192) * input.smoothness), 2 / (m + input.smoothness)) * (1 - 1e-9);
  const h = bestKlHessianLipschitzStep(c, input.epsilon, hMax);
  if (h === null) return notApplicable(NAME, `no admissible step size for eps = ${input.epsilon} (the bias term alone exceeds it)`);
  const stepSize = h / input.temperature;
  const hEngine = stepSize * input.temperature;
  const first = leastStepsAt(c, input.epsilon, hEngine);
  if (!Number.isSafeInteger(first)) return notApplicable(NAME, `would need about ${first.toExponential(1)} steps (beyond 2^53): no usable stopping rule`);
  let lastReason = '';
  for (let steps = first; steps <= first + extraTries; steps++) {
    const candidate: StoppingRoute = { route: NAME, theorem: ROUTE_THEOREMS[NAME], applies: true, stepSize, h: hEngine, steps, hessianLipschitz: evidence };
    const r = checkStoppingRoute(candidate, input);
    if (r.ok) return candidate;
    lastReason = r.reason;
  }
  return notApplicable(NAME, `the kernel did not accept the step count (${lastReason})`);
}
