// The grid-propagation route (proofs/stopping-grid-propagation.md): TV(mu_N, pi) <= tvEpsilon for ULA
// in d <= 2. Untrusted search: per cell width (coarse first, the cost grows like w^-4) and step size it
// runs the kernel's propagation, which bounds TV at every k on the way and stops at the first k that
// reaches the target (or once it cannot), and keeps the smallest N. The kernel
// re-runs the chosen (h, N, grid) when the certificate is verified before it is written (certifyEnergy's
// verify-before-write); this producer does not run the same check a second time.
import { gridPropagationBounds, type GridSpec } from '../../kernel/stopping/gridPropagation.js';
import { ROUTE_THEOREMS, type StoppingInput, type StoppingRoute } from '../../kernel/stopping/types.js';
import { notApplicable } from './finalize.js';
import { mul, point } from '../../kernel/interval.js';

export interface GridRouteOptions {
  /** f-unit step sizes h to try (default 0.025 .. 0.4). */
  readonly stepSizes?: readonly number[];
  /** Cell widths, coarse to fine (powers of two; default 1/8, 1/16). */
  readonly widths?: readonly number[];
  readonly maxSteps?: number;
  /** Half-widths of the grid box around 0 per axis (default max(6, |mean| + 7 std), rounded up to the width). */
  readonly halfWidths?: readonly number[];
  readonly tail?: GridSpec['tail'];
  readonly subdivisions?: number;
  readonly progress?: (line: string) => void;
}

/** Window half-width in kernel standard deviations: a disc of radius 4.5 s loses < 5e-5 of each source's mass. */
const WINDOW_SIGMAS = 4.5;
/**
 * A step size is tried at a finer width only if, at the coarser one, its best end term tv_k - chain_k/2
 * (k <= cap) was within END_TERM_SLACK * eps of the best step size's: halving w shrinks the chain about
 * fourfold but the end terms of all step sizes alike, so a step size whose ULA bias already keeps its
 * end term far above the others' cannot win. A heuristic of the search: it can only cost optimality,
 * never soundness.
 */
const END_TERM_SLACK = 0.3;

export function gridFor(input: StoppingInput, h: number, w: number, options: GridRouteOptions): GridSpec {
  const d = input.dim;
  const s = Math.sqrt(2 * h);
  const half = options.halfWidths ?? Array.from({ length: d }, () => Math.max(6, Math.abs(input.init.mean) + 7 * input.init.std));
  const cells = half.map((b) => 2 * Math.ceil(b / w));
  return {
    origin: cells.map((n) => (-n / 2) * w),
    width: cells.map(() => w),
    cells,
    subdivisions: options.subdivisions ?? 128,
    window: Math.ceil((WINDOW_SIGMAS * s) / w),
    dropBelow: 1e-12,
    tail: options.tail ?? { boundedTerms: [], anchor: new Array<number>(d).fill(0) },
  };
}

/**
 * When a scan can stop: at the first k with tv_k <= eps (the smallest N at this h), once chain_k / 2 > eps
 * (tv_j >= chain_j / 2 and the chain never decreases: no later k reaches eps), or once tv has risen for
 * two steps in a row (the end term has levelled off below the growing chain; a heuristic).
 */
function stopScan(tv: readonly number[], chain: readonly number[], eps: number): boolean {
  const k = tv.length - 1;
  if (tv[k]! <= eps || chain[k]! / 2 > eps) return true;
  return k >= 3 && tv[k]! > tv[k - 1]! && tv[k - 1]! > tv[k - 2]!;
}

/** min over 1 <= k <= cap of tv_k - chain_k / 2 (Infinity when nothing was evaluated). */
function bestEndTerm(tv: readonly number[], chain: readonly number[], cap: number): number {
  let best = Infinity;
  for (let k = 1; k < tv.length && k <= cap; k++) if (Number.isFinite(tv[k]!)) best = Math.min(best, tv[k]! - chain[k]! / 2);
  return best;
}

export function gridPropagationRoute(input: StoppingInput, options: GridRouteOptions = {}): StoppingRoute {
  if (input.dim > 2) return notApplicable('grid-propagation', `implemented for d <= 2, not d = ${input.dim}`);
  if (input.model === undefined) return notApplicable('grid-propagation', 'needs the energy model');
  if (!(input.tvEpsilon! > 0)) return notApplicable('grid-propagation', 'no TV target (tvEpsilon)');
  if (input.preconditioner !== undefined) return notApplicable('grid-propagation', 'proven for plain ULA only');
  const eps = input.tvEpsilon!;
  const maxSteps = options.maxSteps ?? 40;
  const hs = options.stepSizes ?? [0.025, 0.05, 0.1, 0.2, 0.4];
  const widths = options.widths ?? [1 / 8, 1 / 16];
  let best: { h: number; steps: number; grid: GridSpec; bound: number } | null = null;
  let lastReason = `TV > ${eps} at every step size and cell width tried (within ${maxSteps} steps)`;
  // Step sizes still worth trying at the next width, with their last run (at the coarser width).
  interface Tried { h0: number; endTerm: number; tv: number[]; chain: number[] }
  let candidates: Tried[] = hs.map((h0) => ({ h0, endTerm: -Infinity, tv: [], chain: [] }));
  for (const w of widths) {
    let improved = false;
    const tried: Tried[] = [];
    // How much this width improved the end term of the step size that succeeded here (at its N).
    let gain: number | null = null;
    // The most promising step size first, so that its N caps the others' runs.
    for (const prev of [...candidates].sort((a, b) => a.endTerm - b.endTerm)) {
      const h0 = prev.h0;
      const stepSize = h0 / input.temperature;
      const h = stepSize * input.temperature;
      const grid = gridFor(input, h, w, options);
      const cap = best === null ? maxSteps : best.steps - 1;
      if (cap < 1) break;
      // After a success at this width, a step size whose coarser end term up to the new cap stays above
      // eps by more than 1.5 times the gain measured on the successful one cannot reach eps in time.
      if (gain !== null && prev.tv.length > 0 && bestEndTerm(prev.tv, prev.chain, cap) > eps + 1.5 * gain) {
        options.progress?.(`grid-propagation: w = ${w}, h = ${h}: skipped (its end term at the previous width is too far above ${eps} for fewer than ${cap + 1} steps)`);
        continue;
      }
      // The kernel reads h as the enclosure of stepSize * T: propagate with exactly that interval.
      const r = gridPropagationBounds(input.model, input.temperature, input.init, mul(point(stepSize), point(input.temperature)), cap, grid, 'all', (tv, chain) => stopScan(tv, chain, eps));
      if (!r.ok) { lastReason = r.reason; continue; }
      const n = r.tv.findIndex((t) => t <= eps);
      options.progress?.(`grid-propagation: w = ${w}, h = ${h}: ${n < 0 ? `TV > ${eps} up to ${r.tv.length - 1} of ${cap} steps` : `TV <= ${r.tv[n]!.toPrecision(3)} after ${n} steps`}`);
      if (n > 0) {
        best = { h, steps: n, grid, bound: r.tv[n]! };
        improved = true;
        const before = prev.tv.length > n ? prev.tv[n]! - prev.chain[n]! / 2 : NaN;
        gain = Number.isFinite(before) ? Math.max(0, before - (r.tv[n]! - r.chain[n]! / 2)) : null;
      }
      tried.push({ h0, endTerm: bestEndTerm(r.tv, r.chain, cap), tv: r.tv, chain: r.chain });
    }
    if (!improved && best !== null) break;
    const lead = Math.min(...tried.map((c) => c.endTerm));
    candidates = tried.filter((c) => c.endTerm <= lead + END_TERM_SLACK * eps);
    if (candidates.length === 0) break;
  }
  if (best === null) return notApplicable('grid-propagation', lastReason);
  return {
    route: 'grid-propagation', theorem: ROUTE_THEOREMS['grid-propagation'], applies: true, metric: 'TV',
    stepSize: best.h / input.temperature, h: best.h, steps: best.steps, grid: best.grid, tvBound: best.bound,
  };
}
