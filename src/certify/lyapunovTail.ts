// Producer (untrusted): a Lyapunov tail for the decomposition LSI (proofs/lyapunov-tail.md). Picks the
// box K = [-k, k]^d around the regulariser's centre c, the cube |x - c|_inf <= 1.5 k cut in a uniform
// grid, cones beyond it and s of V = exp(s |x - c|^2) by trying a few of each with the kernel's own
// check; then the decomposition of pi(. | K): the global sets meeting K, clipped to K (a clipped frame
// set gets a bounded piece: W = the network terms over a box cover, no far field, or the network minus a
// fitted quadratic trend when the kernel's constant is smaller: frameTrend.ts).
// Why: the global C_P charges the frame sets reaching infinity exp(osc W / T) for the far transition
// strips of the network; pi(. | K) needs no such set (models/8gaussians at T = 0.5: the worst
// quadrant's constant 3.2e7 on R^2, 1.8e5 clipped to [-8, 8]^2).
import type { Energy } from '../energy/types.js';
import type { Box } from '../kernel/box.js';
import type { Interval } from '../kernel/interval.js';
import type { IntegralBracket } from '../kernel/integration/evidence.js';
import { checkRegionMass } from '../kernel/integration/evidence.js';
import { checkLyapunovTail, type LyapunovTailBound, type LyapunovTailEvidence } from '../kernel/checks/lyapunovTail.js';
import { farFieldCube } from '../kernel/checks/farField.js';
import { intersectBoxes, checkLocalPoincare, decompositionConstant, type PoincareDecompositionEvidence, type PoincarePieceEvidence } from '../kernel/checks/poincareDecomposition.js';
import { boxInside, interiorsMeet, type LyapunovPoincareEvidence } from '../kernel/checks/lsiDecomposition.js';
import { lyapunovJson, uniformBoxes } from '../verify/lyapunovTail.js';
import { boxToJson, type LsiDecompositionJson, type LsiDecompositionRecord, type PoincareDecompositionJson } from '../verify/certificate.js';
import { LSI_DECOMPOSITION_FUNCTION, LSI_DECOMPOSITION_PROOF, recordedLsiValues, replayLsiDecomposition } from '../verify/lsiDecomposition.js';
import type { CertificateContext } from '../verify/poincare.js';
import type { AdaptiveDecomposition } from './adaptiveDecompositionGap.js';
import { boundedNetworkTerms } from '../audit/integrate.js';
import { frameFarField, networkFramePiece } from './networkGrid.js';
import { scaleChainEdges } from './edgeScales.js';
import { regulariser } from './regulariser.js';
import { proposeComparisonBlocks } from './comparisonBlocks.js';
import { trendFramePiece } from './frameTrend.js';

export interface LyapunovTailOptions {
  /** K's half-width as multiples of the grid region's (default [2, 3, 4]). */
  readonly regionFactors?: readonly number[];
  /** s as fractions of lambda / T, lambda the regulariser's (default [0.02, 0.1]). */
  readonly sFactors?: readonly number[];
  /** Boxes per axis of the cube |x - c|_inf <= 1.5 k (default 96). */
  readonly grid?: number;
  /** Cone patches per face (default 64). */
  readonly patches?: number;
  /** Try a fitted trend on the clipped frame sets (frameTrend.ts; default true). */
  readonly trends?: boolean;
}

export const DEFAULT_TAIL_GRID = 96;

/** Per tried K, the s with the smallest 1 + beta / theta (then 1 / theta); or why none was accepted. */
export function searchTails(energy: Energy, temperature: number, halfWidth: number, opts: LyapunovTailOptions = {}): { evidence: LyapunovTailEvidence; bound: LyapunovTailBound; grid: number }[] | string {
  const reg = regulariser(energy);
  if (typeof reg === 'string') return reg;
  const grid = opts.grid ?? DEFAULT_TAIL_GRID;
  const found: { evidence: LyapunovTailEvidence; bound: LyapunovTailBound; grid: number }[] = [];
  let last = '';
  for (const m of opts.regionFactors ?? [2, 3, 4]) {
    const k = Math.ceil(2 * m * halfWidth) / 2;
    const region: Box = reg.center.map((c) => ({ lo: c - k, hi: c + k }));
    const far = { ...frameFarField(1.5 * k, opts.patches ?? 64), center: reg.center };
    const boxes = uniformBoxes(farFieldCube(far.center, far.radius), grid);
    let best: { evidence: LyapunovTailEvidence; bound: LyapunovTailBound; grid: number; score: number } | null = null;
    for (const f of opts.sFactors ?? [0.02, 0.1]) {
      const evidence: LyapunovTailEvidence = { region, farField: far, boxes, s: (f * reg.lambda) / temperature };
      const r = checkLyapunovTail(energy.model, temperature, evidence);
      if (!r.ok) { last = r.reason; continue; }
      const score = 1 + r.value.beta / r.value.theta + 1e-3 / r.value.theta;
      if (!best || score < best.score) best = { evidence, bound: r.value, grid, score };
    }
    if (best) found.push({ evidence: best.evidence, bound: best.bound, grid });
  }
  return found.length > 0 ? found : `no K and s were accepted (last: ${last})`;
}

/**
 * The decomposition of pi(. | K) from the global one: each set meeting K's interior, clipped to K; sets
 * inside K keep their piece, clipped ones get the better of the global piece (valid on the subset) and
 * a bounded frame piece; edges whose clipped overlap has positive volume; the chain's scales and
 * lambda_2 from the bracket's masses.
 */
export function restrictedDecomposition(energy: Energy, temperature: number, bracket: IntegralBracket, global: PoincareDecompositionEvidence, local: readonly number[], region: Box, opts: Pick<LyapunovTailOptions, 'trends'> = {}): { evidence: PoincareDecompositionEvidence; estimate: number } {
  const terms = boundedNetworkTerms(energy.model);
  const reg = regulariser(energy);
  const kept: number[] = [];
  global.pieces.forEach((p, i) => { if (interiorsMeet(p.set, region)) kept.push(i); });
  const position = new Map(kept.map((s, k) => [s, k]));
  const sets = kept.map((s) => intersectBoxes(global.pieces[s]!.set, region));
  const constants: number[] = [];
  const pieces: PoincarePieceEvidence[] = kept.map((s, k) => {
    const piece = global.pieces[s]!;
    if (boxInside(piece.set, region)) { constants.push(local[s]!); return piece; }
    const clipped: PoincarePieceEvidence = { ...piece, set: sets[k]! };
    const reused = checkLocalPoincare(energy.model, temperature, clipped, 'clipped');
    let best = { piece: clipped, constant: reused.ok ? reused.value.constant : Infinity };
    if (terms.length > 0) {
      try {
        const fresh = networkFramePiece(energy, temperature, sets[k]!, terms, { subBoxes: 8 });
        if (fresh.constant < best.constant) best = fresh;
      } catch {
        // the global piece stays
      }
      if (opts.trends !== false && typeof reg !== 'string') {
        const trended = trendFramePiece(energy, temperature, sets[k]!, terms, reg.lambda);
        if (trended.constant < best.constant) best = trended;
      }
    }
    constants.push(best.constant);
    return best.piece;
  });
  const edges: [number, number][] = [];
  for (const [i, j] of global.edges) {
    const a = position.get(i), b = position.get(j);
    if (a === undefined || b === undefined || !interiorsMeet(sets[a]!, sets[b]!)) continue;
    edges.push(a < b ? [a, b] : [b, a]);
  }
  const mass = (b: Box): Interval => {
    const r = checkRegionMass(energy.model, temperature, bracket.boxes, bracket, [b]);
    if (!r.ok) throw new Error(r.reason);
    return r.value.mass;
  };
  const q = sets.map((b) => mass(b).hi);
  const weighted = edges.map(([i, j]) => ({ i, j, weight: mass(intersectBoxes(sets[i]!, sets[j]!)).lo }));
  const chain = scaleChainEdges(sets, q, weighted, constants, [1e-6, 1e-4, 1e-2, 1e-1, 0.5]);
  // The kernel's formula in floats (each edge charges its two sets mu_ij / t), to compare choices of K.
  const degrees = sets.map(() => 0);
  edges.forEach(([i, j], n) => { const mu = chain.edgeScales?.[n] ?? 1; degrees[i]! += mu; degrees[j]! += mu; });
  const estimate = chain.lambda2 > 0 ? decompositionConstant(sets, constants, degrees, chain.lambda2) : Infinity;
  return { evidence: { pieces, edges, beta: chain.beta, lambda2: chain.lambda2, ...(chain.edgeScales ? { edgeScales: chain.edgeScales } : {}) }, estimate };
}

/** The tail and the restricted decomposition for the kernel (LyapunovPoincareEvidence) with the least
 *  float estimate of 1/theta + (1 + beta/theta) C_K over the tried K, or why none. */
export function proposeLyapunovTail(energy: Energy, temperature: number, bracket: IntegralBracket, global: PoincareDecompositionEvidence, local: readonly number[], gridRegion: readonly Interval[], opts: LyapunovTailOptions = {}, say: (m: string) => void = () => {}): { evidence: LyapunovPoincareEvidence; grid: number; tail: LyapunovTailBound; value: number } | string {
  const reg = regulariser(energy);
  if (typeof reg === 'string') return reg;
  const halfWidth = Math.max(...gridRegion.map((c, j) => Math.max(Math.abs(c.lo - reg.center[j]!), Math.abs(c.hi - reg.center[j]!))));
  if (!Number.isFinite(halfWidth) || !(halfWidth > 0)) return 'the grid region is not a bounded box';
  const tails = searchTails(energy, temperature, halfWidth, opts);
  if (typeof tails === 'string') return tails;
  let best: { evidence: LyapunovPoincareEvidence; grid: number; tail: LyapunovTailBound; value: number } | null = null;
  for (const t of tails) {
    const restricted = restrictedDecomposition(energy, temperature, bracket, global, local, t.evidence.region, opts);
    const value = 1 / t.bound.theta + (1 + t.bound.beta / t.bound.theta) * restricted.estimate;
    say(`Lyapunov tail: K = ${t.evidence.region.map((c) => `[${c.lo}, ${c.hi}]`).join(' x ')}: theta >= ${t.bound.theta.toPrecision(3)}, beta <= ${t.bound.beta.toPrecision(3)}, C_K ~ ${restricted.estimate.toPrecision(3)}, C_P ~ ${value.toPrecision(3)}`);
    if (!best || value < best.value) best = { evidence: { tail: t.evidence, restricted: restricted.evidence }, grid: t.grid, tail: t.bound, value };
  }
  return best!;
}

/**
 * The LSI record with the Lyapunov tail's C_P when that gives a larger alpha than `current` (the
 * ungrouped or grouped record the grid produced); `current` otherwise. The kernel decides through the
 * same replay verify runs.
 */
export function withLyapunovTail(energy: Energy, certificate: CertificateContext, found: AdaptiveDecomposition, stored: PoincareDecompositionJson, current: LsiDecompositionRecord, say: (m: string) => void = () => {}, opts: LyapunovTailOptions = {}, context: { ungrouped?: LsiDecompositionRecord; poincareUpper?: number } = {}): LsiDecompositionRecord {
  const T = certificate.temperature;
  const local = stored.local.map((l) => l.constant);
  let proposal;
  try {
    proposal = proposeLyapunovTail(energy, T, found.bracket, found.evidence, local, found.region, opts, say);
  } catch (e) {
    say(`Lyapunov tail: none (${(e as Error).message})`);
    return current;
  }
  if (typeof proposal === 'string') { say(`Lyapunov tail: none (${proposal})`); return current; }
  const k = proposal.evidence.tail.region.map((c) => `[${c.lo}, ${c.hi}]`).join(' x ');
  say(`Lyapunov tail: K = ${k}, s = ${proposal.evidence.tail.s.toPrecision(3)}, theta >= ${proposal.tail.theta.toPrecision(3)}, beta <= ${proposal.tail.beta.toPrecision(3)}; ${proposal.evidence.restricted.pieces.length} sets in K`);
  // Comparison blocks (the frames' e^osc replaced by a defect times C_P), chosen on the float formula
  // with the smaller of the stored C_P and the tail's estimate; the kernel decides in the replay below.
  const plain = context.ungrouped?.evidence && context.ungrouped.evidence.groups === undefined ? context.ungrouped.evidence : undefined;
  const cp = Math.min(context.poincareUpper ?? Infinity, proposal.value);
  const comparison = plain ? proposeComparisonBlocks(energy, T, found.evidence.pieces, local, found.partition, cp, plain.logInverseMass) : undefined;
  if (comparison && comparison.switched > 0) say(`comparison blocks: ${comparison.switched} blocks with epsilon ${comparison.epsilon}: float 1/alpha ${comparison.before.toPrecision(3)} -> ${comparison.estimate.toPrecision(3)} (C_P ~ ${cp.toPrecision(3)})`);
  const partition = comparison?.partition ?? found.partition;
  const input: LsiDecompositionJson = {
    partition: partition.map((b) => ({ box: boxToJson(b.box), set: b.set, ...(b.epsilon !== undefined ? { epsilon: b.epsilon } : {}) })),
    masses: [], localInverse: 0, logInverseMass: 0,
    lyapunov: lyapunovJson(proposal.evidence, proposal.grid),
  };
  const r = replayLsiDecomposition(certificate, energy.model, stored, input);
  if (!r.ok) { say(`Lyapunov tail: refused by the kernel: ${r.reason}`); return current; }
  const before = current.claim?.alphaLower ?? 0;
  const l = r.value.lyapunov!;
  const kept = r.value.alpha > before;
  say(`Lyapunov tail: C_K ${l.restricted.poincare.toPrecision(4)}, C_P ${l.poincare.toPrecision(4)} (decomposition ${r.value.poincare.poincare.toPrecision(4)}), gap >= ${l.gap.toPrecision(4)}; alpha (LSI) >= ${r.value.alpha.toPrecision(4)} against ${before.toPrecision(4)}; ${kept ? 'kept' : 'not kept'}`);
  if (!kept) return current;
  const { claim, lyapunovValues: _values, ...numbers } = recordedLsiValues(r.value, input.partition.some((b) => b.epsilon !== undefined));
  return {
    function: LSI_DECOMPOSITION_FUNCTION,
    proof: LSI_DECOMPOSITION_PROOF,
    claim,
    evidence: { partition: input.partition, ...numbers, lyapunov: lyapunovJson(proposal.evidence, proposal.grid, l) },
  };
}
