// Producer (untrusted): a bump-and-cover decomposition f = U + W for the tail bound of energies that
// are not strongly convex on R^d as one box (the double well). It is the LSI producer's best
// decomposition: the same kernel check (hess U >= m I on every box of a cover of R^d, W bounded)
// is what the tail bound needs (proofs/integration.md, Lemma 4'). Nothing here is trusted.
import type { Energy } from '../energy/types.js';
import type { TailDecomposition } from '../kernel/integration/tails.js';
import { checkTailBound } from '../kernel/integration/tails.js';
import type { LsiBound } from '../kernel/checks/lsi.js';
import { proposeLsi } from '../certify/lsiProducer.js';
import { boundedNetworkTerms } from './integrate.js';
import { TimeCap } from '../certify/timeCap.js';

export interface FoundDecomposition {
  readonly decomposition: TailDecomposition;
  /** The kernel's constants for it (hess U >= m, osc W, alpha = m exp(-osc W)). */
  readonly bound: LsiBound;
}

/** Work limit of the tail search's covers (the LP bump's cover may use 4 times as many). */
export const TAIL_MAX_BOXES = 20_000;

/**
 * Whether the energy needs a cover (its tail bound with U = f as one box is refused), and if so the
 * LSI producer's decomposition over a cover grown around `center`. Null when none is certified.
 * The search ends on work limits (TAIL_MAX_BOXES), so its result depends only on its input;
 * `cap` adds an optional wall-clock safety cap, in seconds or as a TimeCap (the audit's phase, whose
 * cut it logs); then the result may depend on machine load.
 */
export function findTailDecomposition(energy: Energy, temperature: number, center: readonly number[], radius = 4, cap?: number | TimeCap): FoundDecomposition | null {
  const d = energy.dim;
  cap = cap instanceof TimeCap ? cap : TimeCap.seconds(cap, Date.now, 'the tail decomposition search');
  // The producer samples curvature on a grid over the region: a narrow dip of negative curvature
  // (a penalty's edge meeting the double well's saddle) can fall between the points of a wide grid.
  let lsi = null;
  for (const r of [radius, radius / 2, radius / 4]) {
    lsi = proposeLsi(energy, temperature, { center, radius: r }, { maxBoxes: TAIL_MAX_BOXES, cap });
    if ((lsi && lsi.bound.m > 0) || cap.expired()) break;
  }
  if (!lsi || !(lsi.bound.m > 0)) return null;
  const w = lsi.w;
  if (w.kind !== 'none' && w.kind !== 'expression') return null;
  const decomposition: TailDecomposition = { bump: w.kind === 'expression' ? w.source : null, cover: lsi.boxes };
  const inner = Array.from({ length: d }, () => ({ lo: -1, hi: 1 }));
  const r = checkTailBound(energy.model, temperature, { inner, boundedTerms: [], anchor: new Array(d).fill(0), decomposition }, 0);
  return r.ok ? { decomposition, bound: lsi.bound } : null;
}

/** True when the plain tail bound (U = f, or bounded network terms) is refused on R^d. */
export function needsCoverForTails(energy: Energy, temperature: number): boolean {
  const d = energy.dim;
  const inner = Array.from({ length: d }, () => ({ lo: -1, hi: 1 }));
  const anchor = new Array<number>(d).fill(0);
  return [boundedNetworkTerms(energy.model), []].every((boundedTerms) => !checkTailBound(energy.model, temperature, { inner, boundedTerms, anchor }, 0).ok);
}
