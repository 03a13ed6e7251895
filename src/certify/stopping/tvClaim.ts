// The TV claim of `emcert check --tv-epsilon` (untrusted search): the tail evidence of pi outside the
// grid, then the grid-propagation route. The tail is f = U + W with U strongly convex on R^d as one box
// when the kernel accepts that, else the LSI producer's decomposition (W terms of the energy, or an
// added bump with the LSI cover; proofs/integration.md, Lemma 4'), which is how the plain expression
// of the double well gets a tail bound. The kernel re-checks everything inside checkStoppingRoute.
import type { EnergyModel } from '../../kernel/model.js';
import type { Box } from '../../kernel/box.js';
import { checkTailBound } from '../../kernel/integration/tails.js';
import type { GridSpec } from '../../kernel/stopping/gridPropagation.js';
import type { StoppingInput, StoppingRoute } from '../../kernel/stopping/types.js';
import type { BoundedPartEvidence } from '../../verify/decomposition.js';
import { notApplicable } from './finalize.js';
import { gridPropagationRoute, type GridRouteOptions } from './gridPropagation.js';

/** The LSI producer's decomposition: the bounded part W and the cover it was checked on. */
export interface LsiDecompositionEvidence {
  readonly w: BoundedPartEvidence;
  readonly cover: readonly Box[];
}

/** Tail evidence candidates, simplest first. */
function tailCandidates(d: number, lsi: LsiDecompositionEvidence | null): GridSpec['tail'][] {
  const anchor = new Array<number>(d).fill(0);
  const out: GridSpec['tail'][] = [{ boundedTerms: [], anchor }];
  if (lsi) {
    const w = lsi.w;
    if (w.kind === 'terms') out.push({ boundedTerms: [...w.indices], anchor });
    out.push(...(w.kind === 'terms' ? [] : [{ boundedTerms: [], anchor, decomposition: { bump: w.kind === 'expression' ? w.source : null, cover: lsi.cover } }]));
  }
  return out;
}

/** The first tail evidence the kernel accepts (checked on the unit box; the grid box only makes it smaller), or null. */
export function findGridTail(model: EnergyModel, temperature: number, lsi: LsiDecompositionEvidence | null): GridSpec['tail'] | null {
  const d = model.dim;
  const inner = Array.from({ length: d }, () => ({ lo: -1, hi: 1 }));
  for (const tail of tailCandidates(d, lsi)) {
    const r = checkTailBound(model, temperature, { inner, boundedTerms: tail.boundedTerms, anchor: tail.anchor, ...(tail.decomposition ? { decomposition: tail.decomposition } : {}) }, 0);
    if (r.ok) return tail;
  }
  return null;
}

/**
 * What `emcert check --tv-epsilon` searches: the double well needs w = 1/32 at h ~ 0.03 (README, Grid
 * propagation); coarse widths go first and are cheap (the cost grows like w^-4). The box is the start's
 * mean +- 4 std (at least +-4): the start's mass outside it (< 1e-4 per axis) and pi's are counted.
 */
export const CHECK_GRID_SEARCH: Omit<GridRouteOptions, 'tail' | 'progress' | 'halfWidths'> = {
  stepSizes: [0.03, 0.05, 0.1, 0.2],
  widths: [1 / 8, 1 / 16, 1 / 32],
  maxSteps: 20,
};

export function checkHalfWidths(input: StoppingInput): number[] {
  return new Array<number>(input.dim).fill(Math.max(4, Math.abs(input.init.mean) + 4 * input.init.std));
}

/** The TV route for `input` (which carries model and tvEpsilon): not applicable in d > 2 or without a tail bound. */
export function tvRoute(input: StoppingInput, lsi: LsiDecompositionEvidence | null, options: GridRouteOptions = {}): StoppingRoute {
  if (input.dim > 2) return notApplicable('grid-propagation', `the grid-propagation TV route is implemented for d <= 2, not d = ${input.dim}`);
  if (input.model === undefined) return notApplicable('grid-propagation', 'needs the energy model');
  const tail = options.tail ?? findGridTail(input.model, input.temperature, lsi);
  if (tail === null) return notApplicable('grid-propagation', 'no tail bound of pi outside a box is certified (neither U = f nor the LSI decomposition)');
  return gridPropagationRoute(input, { ...CHECK_GRID_SEARCH, halfWidths: checkHalfWidths(input), ...options, tail });
}
