// The grid-propagation route end to end in d = 1: the producer's smallest N is accepted by the kernel,
// and tampering with any stored number (tvBound, steps, h, stepSize, grid, metric) is refused.
import { describe, expect, it } from 'vitest';
import { checkStoppingRoute } from '../../../src/kernel/stopping/check.js';
import type { StoppingInput, StoppingRoute } from '../../../src/kernel/stopping/types.js';
import { gridFor, gridPropagationRoute } from '../../../src/certify/stopping/gridPropagation.js';
import { gridPropagationBounds } from '../../../src/kernel/stopping/gridPropagation.js';
import { mul, point } from '../../../src/kernel/interval.js';

const input: StoppingInput = {
  dim: 1,
  temperature: 2,
  epsilon: 0.1,
  init: { mean: 3, std: 0.5 },
  alpha: 0.5,
  smoothness: Infinity,
  kl0: Infinity,
  // E = x^2 + softplus(x) at T = 2: f = x^2/2 + softplus(x)/2, strongly convex (tail evidence: U = f).
  model: { kind: 'expression', dim: 1, source: 'x1^2 + softplus(x1)' },
  tvEpsilon: 0.1,
};
const options = { stepSizes: [0.1, 0.3], widths: [1 / 32], halfWidths: [7], subdivisions: 32, maxSteps: 20 };

describe('grid-propagation route', () => {
  const route = gridPropagationRoute(input, options);

  it('is found by the producer and accepted by the kernel', () => {
    expect(route.applies, route.reason).toBe(true);
    expect(route.metric).toBe('TV');
    expect(route.tvBound!).toBeLessThanOrEqual(0.1);
    expect(checkStoppingRoute(route, input)).toEqual({ ok: true });
    // The smallest N at the chosen (h, grid): one step fewer misses the target.
    expect(checkStoppingRoute({ ...route, steps: route.steps! - 1 }, input).ok).toBe(false);
  });

  it('refuses a tampered bound, step, grid or metric', () => {
    const tampered: [string, StoppingRoute][] = [
      ['tvBound below the re-derived bound', { ...route, tvBound: route.tvBound! * 0.999 }],
      ['fewer steps', { ...route, steps: 1 }],
      ['h not stepSize * T', { ...route, h: route.h! * 1.01 }],
      ['a much smaller stepSize (no longer mixed after N steps)', { ...route, stepSize: route.stepSize! * 0.1, h: route.stepSize! * 0.1 * 2 }],
      ['coarser grid', { ...route, grid: { ...route.grid!, width: [1 / 4], cells: [56], origin: [-7] } }],
      ['no tail evidence', { ...route, grid: { ...route.grid!, tail: { boundedTerms: [7], anchor: [0] } } }],
      ['KL metric', { ...route, metric: 'KL' }],
      ['wrong theorem', { ...route, theorem: 'proofs/stopping-exact-gaussian.md' }],
    ];
    for (const [what, r] of tampered) expect(checkStoppingRoute(r, input).ok, what).toBe(false);
    expect(checkStoppingRoute(route, { ...input, tvEpsilon: route.tvBound! * 0.99 }).ok).toBe(false);
    expect(checkStoppingRoute(route, { ...input, model: undefined }).ok).toBe(false);
  });

  it('the pruned search (early stops, skipped step sizes, coarse widths first) finds the N of an exhaustive scan', () => {
    const opts = { ...options, stepSizes: [0.1, 0.3], widths: [1 / 16, 1 / 32] };
    const lines: string[] = [];
    const found = gridPropagationRoute(input, { ...opts, progress: (l) => lines.push(l) });
    expect(found.applies, found.reason).toBe(true);
    // Exhaustive: every (h, w) run to maxSteps, the first k with TV <= eps.
    let bestN = Infinity;
    for (const w of opts.widths) for (const h0 of opts.stepSizes) {
      const stepSize = h0 / input.temperature;
      const r = gridPropagationBounds(input.model!, input.temperature, input.init, mul(point(stepSize), point(input.temperature)), opts.maxSteps, gridFor(input, stepSize * input.temperature, w, opts), 'all');
      if (!r.ok) continue;
      const n = r.tv.findIndex((t) => t <= 0.1);
      if (n > 0) bestN = Math.min(bestN, n);
    }
    expect(found.steps).toBe(bestN);
    // A scan stops at its first success: the progress line names N, and later runs are capped below it.
    const first = lines.findIndex((l) => /TV <= .* after \d+ steps/.test(l));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(lines.slice(first + 1).every((l) => !/of 20 steps/.test(l))).toBe(true);
  }, 300_000);

  it('is not applicable without a model, a TV target, or in d = 3', () => {
    expect(gridPropagationRoute({ ...input, model: undefined }).applies).toBe(false);
    expect(gridPropagationRoute({ ...input, tvEpsilon: undefined }).applies).toBe(false);
    expect(gridPropagationRoute({ ...input, dim: 3 }).reason).toMatch(/d <= 2/);
  });
});
