// The TV claim of `emcert check --tv-epsilon` (untrusted search): the tail evidence of pi outside the
// grid, then the grid-propagation route (d <= 2), else the localisation route (any d; seconds of CPU per
// half-width tried, so it runs only when the grid route does not apply). The tail is f = U + W with U strongly convex on R^d as one box
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
import { localisationStoppingRoute, type LocalisationSearch } from './localisation.js';

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

/** The grid-propagation route for `input` (which carries model and tvEpsilon): not applicable in d > 2 or without a tail bound. */
export function gridTvRoute(input: StoppingInput, lsi: LsiDecompositionEvidence | null, options: GridRouteOptions = {}): StoppingRoute {
  if (input.dim > 2) return notApplicable('grid-propagation', `the grid-propagation TV route is implemented for d <= 2, not d = ${input.dim}`);
  if (input.model === undefined) return notApplicable('grid-propagation', 'needs the energy model');
  const tail = options.tail ?? findGridTail(input.model, input.temperature, lsi);
  if (tail === null) return notApplicable('grid-propagation', 'no tail bound of pi outside a box is certified (neither U = f nor the LSI decomposition)');
  return gridPropagationRoute(input, { ...CHECK_GRID_SEARCH, halfWidths: checkHalfWidths(input), ...options, tail });
}

/** Settings of the localisation search `check` runs; `effort` scales the half-widths tried and the drift cover. */
export interface LocalisationCheckOptions {
  readonly effort?: number;
  /** Replaces the half-widths of K tried (tests). */
  readonly halfWidths?: readonly number[];
  readonly progress?: (line: string) => void;
}

/**
 * Half-widths of K tried in order, first accepted wins: K must hold the start (mean +- 4 std) and pi's
 * bulk (at least 6: the README's 3-d quartic needs R = 6 from N(0, I)); effort >= 2 adds wider ones.
 */
export function localisationHalfWidths(input: StoppingInput, effort: number): number[] {
  const base = Math.max(6, Math.ceil(2 * (Math.abs(input.init.mean) + 4 * input.init.std)) / 2);
  return effort >= 2 ? [base, base + 0.5, base + 1] : [base, base + 0.5];
}

/**
 * The localisation route for `input` (centre of K at the origin), with the settings measured in
 * README (Localisation): depth-3 grids of K and K', drift cover up to 40,000 x effort boxes.
 */
export function localisationTvRoute(input: StoppingInput, lsi: LsiDecompositionEvidence | null, options: LocalisationCheckOptions = {}): StoppingRoute {
  if (input.model === undefined) return notApplicable('localisation', 'needs the energy model');
  const tail = findGridTail(input.model, input.temperature, lsi);
  if (tail === null) return notApplicable('localisation', 'no tail bound of pi outside a box is certified (neither U = f nor the LSI decomposition)');
  const effort = options.effort ?? 1;
  let last: StoppingRoute = notApplicable('localisation', 'no half-width tried');
  for (const R of options.halfWidths ?? localisationHalfWidths(input, effort)) {
    options.progress?.(`stopping: localisation TV route, K = [-${R}, ${R}]^${input.dim}`);
    const search: LocalisationSearch = {
      halfWidths: [R], widthShare: 0.15, sShares: [0.4, 0.5, 0.6], exitShare: 0.5, depth: 3,
      curvatureScales: [1, 1.25, 1.5, 2], tail, maxDriftBoxes: Math.round(40_000 * effort),
      ...(options.progress ? { progress: options.progress } : {}),
    };
    last = localisationStoppingRoute(input, search);
    if (last.applies) return last;
  }
  return last;
}

/**
 * The TV route for `input` (which carries model and tvEpsilon): grid propagation where it applies
 * (d <= 2), else localisation; when neither does, the localisation record with both reasons.
 */
export function tvRoute(input: StoppingInput, lsi: LsiDecompositionEvidence | null, options: GridRouteOptions = {}, localisation: LocalisationCheckOptions = {}): StoppingRoute {
  const grid = gridTvRoute(input, lsi, options);
  if (grid.applies) return grid;
  const local = localisationTvRoute(input, lsi, { ...(options.progress ? { progress: options.progress } : {}), ...localisation });
  if (local.applies) return local;
  return notApplicable('localisation', `grid-propagation: ${grid.reason}; localisation: ${local.reason}`);
}
