// Producer (untrusted) of the block chain's edge scales mu_ij (proofs/poincare-decomposition.md,
// section 1): with mu = 1 every set pays 1 / t, the whole chain's bottleneck, even where it has no
// mass and no slow mode; with mu_ij = min(b_i, b_j), b_i = 1 / (C_i deg_i), a set's charge
// C_i * 2 sum_j mu_ij / t is at most 2 / t' for the rescaled chain's gap t', the same for every set,
// so the sets with large local constants (flanks of hills, the far field) stop deciding the bound.
// Several exponents of b are tried and the smallest float constant is kept; the kernel decides.
import type { Energy } from '../energy/types.js';
import type { Box } from '../kernel/box.js';
import { decompositionConstant, intersectBoxes, type PoincareDecompositionEvidence, type PoincarePieceEvidence } from '../kernel/checks/poincareDecomposition.js';
import { checkBlockGap, overlapDegrees } from '../kernel/checks/blockGap.js';
import { checkRegionMass, type IntegralBracket } from '../kernel/integration/evidence.js';
import type { IntegrationEvidence } from '../audit/integrate.js';
import { floatLambda2 } from './poincareProducer.js';
import { refineForChain } from './chainIntegration.js';
import { optimiseEdgeScales, type EdgeScaleOptions } from './edgeScaleSearch.js';

export interface ScaledChain {
  /** mu_ij, one per edge, largest 1 (undefined: all 1, the unscaled chain was better). */
  readonly edgeScales: number[] | undefined;
  readonly beta: number;
  /** The lambda_2 claim the kernel's PSD check accepted (0: none). */
  readonly lambda2: number;
}

interface WeightedEdge { readonly i: number; readonly j: number; readonly weight: number }

/** Float sum of the scales at each set. */
function degreeSums(k: number, edges: readonly WeightedEdge[], mu: readonly number[]): number[] {
  const d = new Array<number>(k).fill(0);
  edges.forEach((e, n) => { d[e.i] += mu[n]!; d[e.j] += mu[n]!; });
  return d;
}

/**
 * The scales (exponent p of the budgets b_i, p = 0 is the unscaled chain) whose float constant
 * sup S is smallest, then a descent from them (`search`, edgeScaleSearch.optimiseEdgeScales; onTry
 * reports it with exponent NaN), with the largest lambda_2 claim (float value shaded by `shades` in turn) that the
 * kernel's PSD check accepts. q: upper mass ends; edges: lower overlap ends; local: C_i.
 */
export function scaleChainEdges(sets: readonly Box[], q: readonly number[], edges: readonly WeightedEdge[], local: readonly number[], shades: readonly number[], exponents: readonly number[] = [0, 0.25, 0.5, 0.75, 1, 1.5], onTry?: (exponent: number, lambda: number, constant: number) => void, search: boolean | EdgeScaleOptions = true): ScaledChain {
  const k = q.length;
  const count = degreeSums(k, edges, edges.map(() => 1));
  const budget = local.map((c, i) => 1 / (c * Math.max(1, count[i]!)));
  const total = q.reduce((s, v) => s + v, 0);
  let best: { mu: number[]; lambda: number; value: number } | null = null;
  for (const p of exponents) {
    const raw = edges.map((e) => Math.min(budget[e.i]!, budget[e.j]!) ** p);
    const top = Math.max(...raw);
    if (!(top > 0 && Number.isFinite(top))) continue;
    // Scales below 1e-12 of the largest are kept at that floor: an edge of weight 0 can disconnect.
    const mu = raw.map((r) => Math.max(r / top, 1e-12));
    const lambda = floatLambda2(q, edges.map((e, n) => ({ ...e, weight: e.weight * mu[n]! })));
    if (!(lambda > 0)) continue;
    const value = decompositionConstant(sets, local, overlapDegrees(sets, edges.map((e, n) => ({ ...e, scale: mu[n]! }))), lambda);
    onTry?.(p, lambda, value);
    if (!best || value < best.value) best = { mu, lambda, value };
  }
  if (!best) return { edgeScales: undefined, beta: 0, lambda2: 0 };
  if (search !== false) {
    // Descent from the family's best (edgeScaleSearch.ts); kept only when its float constant is smaller.
    const found = optimiseEdgeScales({ sets, q, edges, local }, best.mu, typeof search === 'object' ? search : {});
    onTry?.(NaN, found.lambda, found.value);
    if (found.value < best.value) best = { mu: found.mu, lambda: found.lambda, value: found.value };
  }
  const unscaled = best.mu.every((m) => m === 1);
  // beta q q^T moves the pencil's eigenvalue 0 (the constants) to beta sum q = 2 lambda_2, above the claim.
  const beta = (2 * best.lambda) / total;
  const scaledEdges = edges.map((e, n) => ({ ...e, weight: best!.mu[n] === 1 ? e.weight : e.weight * best!.mu[n]! * (1 - 1e-15) }));
  for (const shade of shades) {
    const lambda2 = best.lambda * (1 - shade);
    if (checkBlockGap(q, scaledEdges, beta, lambda2).ok) return { edgeScales: unscaled ? undefined : best.mu, beta, lambda2 };
  }
  return { edgeScales: unscaled ? undefined : best.mu, beta, lambda2: best.lambda * (1 - shades[shades.length - 1]!) };
}

/**
 * A decomposition from its pieces (with their local constants) and overlapping pairs: the
 * integration evidence widened and refined for the sets and overlaps (chainIntegration.ts, up to
 * maxBoxes leaves), the masses from the kernel, the edge scales
 * and the lambda_2 claim (scaleChainEdges).
 */
export function assembleScaledDecomposition(energy: Energy, temperature: number, integration: IntegrationEvidence, sized: readonly { piece: PoincarePieceEvidence; constant: number }[], pairs: [number, number][], maxBoxes: number, shades: readonly number[], onTry?: (exponent: number, lambda: number, constant: number) => void): { evidence: PoincareDecompositionEvidence; integration: IntegrationEvidence; bracket: IntegralBracket } {
  const pieces = sized.map((p) => p.piece);
  const sets = pieces.map((p) => p.set);
  const overlapBoxes = pairs.map(([i, j]) => intersectBoxes(sets[i]!, sets[j]!));
  // Both ends the chain reads (sets' upper, overlaps' lower) made relatively tight, tails included.
  const { evidence: refined, bracket } = refineForChain(energy, temperature, integration, sets, overlapBoxes, maxBoxes);
  const mass = (b: Box) => {
    const r = checkRegionMass(energy.model, temperature, bracket.boxes, bracket, [b]);
    if (!r.ok) throw new Error(r.reason);
    return r.value.mass;
  };
  const q = sets.map((b) => mass(b).hi);
  const edges = pairs.map(([i, j], n) => ({ i, j, weight: mass(overlapBoxes[n]!).lo }));
  const chain = scaleChainEdges(sets, q, edges, sized.map((p) => p.constant), shades, undefined, onTry);
  const evidence: PoincareDecompositionEvidence = { pieces, edges: pairs, beta: chain.beta, lambda2: chain.lambda2, ...(chain.edgeScales ? { edgeScales: chain.edgeScales } : {}) };
  return { evidence, integration: refined, bracket };
}
