// The grid-propagation route (proofs/stopping-grid-propagation.md): TV(mu_N, pi) <= tvEpsilon for ULA
// in d <= 2, found by running the kernel's propagation once per (h, w) up to maxSteps (it bounds TV at
// every k on the way) and taking the smallest N; the cell width is halved until N stops improving.
// Untrusted search: the kernel's checkStoppingRoute re-runs the chosen (h, N, grid).
import { checkStoppingRoute } from '../../kernel/stopping/check.js';
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

const WINDOW_SIGMAS = 5;

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
  let lastReason = 'no step size reached the target';
  for (const w of widths) {
    let improved = false;
    for (const h0 of hs) {
      const stepSize = h0 / input.temperature;
      const h = stepSize * input.temperature;
      const grid = gridFor(input, h, w, options);
      const cap = best === null ? maxSteps : best.steps - 1;
      if (cap < 1) break;
      // The kernel reads h as the enclosure of stepSize * T: propagate with exactly that interval.
      const r = gridPropagationBounds(input.model, input.temperature, input.init, mul(point(stepSize), point(input.temperature)), cap, grid, 'all');
      if (!r.ok) { lastReason = r.reason; continue; }
      const n = r.tv.findIndex((t) => t <= eps);
      options.progress?.(`grid-propagation: w = ${w}, h = ${h}: ${n < 0 ? `TV > ${eps} up to ${cap} steps` : `TV <= ${r.tv[n]!.toPrecision(3)} after ${n} steps`}`);
      if (n > 0) { best = { h, steps: n, grid, bound: r.tv[n]! }; improved = true; }
    }
    if (!improved && best !== null) break;
  }
  if (best === null) return notApplicable('grid-propagation', lastReason);
  const candidate: StoppingRoute = {
    route: 'grid-propagation', theorem: ROUTE_THEOREMS['grid-propagation'], applies: true, metric: 'TV',
    stepSize: best.h / input.temperature, h: best.h, steps: best.steps, grid: best.grid, tvBound: best.bound,
  };
  const ok = checkStoppingRoute(candidate, input);
  return ok.ok ? candidate : notApplicable('grid-propagation', `the kernel did not confirm the search: ${ok.reason}`);
}
