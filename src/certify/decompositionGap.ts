// Producer (untrusted) of the certificate's decomposition spectral gap and of its LSI constant
// (emcert check): integration evidence for the masses (as the audit builds it), a chain of slabs along
// each axis (poincareProducer.ts), the record of the best chain the kernel accepts, and a partition
// cut at the middle of its overlaps (decompositionPartition.ts) for the LSI constant
// (proofs/lsi-from-decomposition.md). Its work is capped by box counts, not by time, so the result does
// not depend on the machine's load.
import type { Energy } from '../energy/types.js';
import { flattenSum } from '../kernel/checks/sumModel.js';
import { jacobiEigen } from '../kernel/eigen.js';
import { nonSmoothPart } from '../kernel/checks/smoothModel.js';
import type { TailDecomposition } from '../kernel/integration/tails.js';
import { boundedNetworkTerms, prepareIntegration, refineIntegral } from '../audit/integrate.js';
import { prepareGapIntegration } from './gapIntegration.js';
import { needsCoverForTails } from '../audit/tailDecomposition.js';
import { chainPatterns, proposeBestSlabChain, type SlabChainOptions, type SlabChainProposal } from './poincareProducer.js';
import { boxToJson, type PoincareDecompositionJson, type PoincareDecompositionRecord } from '../verify/certificate.js';
import { encodeBisectionTree } from '../verify/bisectionTree.js';
import { POINCARE_FUNCTION, POINCARE_NOTE, POINCARE_PROOF, lsiTailCover, recordedValues, replayPoincareDecomposition, type CertificateContext } from '../verify/poincare.js';
import { LSI_DECOMPOSITION_FUNCTION, LSI_DECOMPOSITION_PROOF, recordedLsiValues, replayLsiDecomposition } from '../verify/lsiDecomposition.js';
import type { LsiDecompositionRecord } from '../verify/certificate.js';
import { partitionFromSets } from './decompositionPartition.js';
import { proposeAdaptiveDecomposition, proposeNetworkAdaptiveDecomposition, type AdaptiveGridSettings } from './adaptiveDecompositionGap.js';
import { withLyapunovTail } from './lyapunovTail.js';
import { withGroupedLsi } from './groupedDecompositionRecord.js';
import type { PreparedIntegration } from '../audit/integrate.js';
import type { Box } from '../kernel/box.js';
import type { PoincareDecompositionEvidence } from '../kernel/checks/poincareDecomposition.js';
import type { PartitionBlock } from '../kernel/checks/lsiDecomposition.js';

export interface DecompositionGapLimits {
  /** Leaves of the integration refinement (ln Z tolerance 1e-3 or this many leaves). */
  readonly integrationBoxes: number;
  /** Leaves after the refinement near the overlaps, per chain pattern. */
  readonly refinedBoxes: number;
}

// The 2-d double well's gap is 0.0037177 with 20,000 / 60,000 leaves (25,392 used), 0.0037176 with
// 20,000 / 12,000, 0.0037135 with 4,000 / 8,000; every leaf is re-checked by verify (and by the seal).
/** Measured CPU cost: README, "Certificates" (the double wells). */
export const DEFAULT_DECOMPOSITION_LIMITS: DecompositionGapLimits = { integrationBoxes: 8_000, refinedBoxes: 16_000 };

/** The default limits times check's --effort (the factor of every other search's box limits). */
export function decompositionLimitsFor(effort: number): DecompositionGapLimits {
  const scale = (n: number): number => Math.max(1, Math.round(n * effort));
  return { integrationBoxes: scale(DEFAULT_DECOMPOSITION_LIMITS.integrationBoxes), refinedBoxes: scale(DEFAULT_DECOMPOSITION_LIMITS.refinedBoxes) };
}

/** Whether lambda_min(hess E) < 0 at some of 2001 points of the axis through 0 within |x| <= radius
 *  (untrusted float sampling; it only decides whether the route is tried). */
function negativeCurvatureOnAxis(energy: Energy, axis: number, radius: number): boolean {
  const d = energy.dim;
  for (let k = 0; k < 2001; k++) {
    const x = new Float64Array(d);
    x[axis] = -radius + (2 * radius * k) / 2000;
    const h = energy.hessian(x);
    if (Math.min(...jacobiEigen(d, Array.from({ length: d * d }, (_, i) => h[i]!)).diagonal) < 0) return true;
  }
  return false;
}

/** The two records: the decomposition's Poincare constant and the LSI constant derived from it. */
export interface DecompositionRecords {
  readonly poincare: PoincareDecompositionRecord;
  readonly lsi: LsiDecompositionRecord;
}

const noLsi = (reason: string): LsiDecompositionRecord => ({ function: LSI_DECOMPOSITION_FUNCTION, proof: LSI_DECOMPOSITION_PROOF, claim: null, reason });
const notApplied = (reason: string): DecompositionRecords => ({
  poincare: { function: POINCARE_FUNCTION, proof: POINCARE_PROOF, note: POINCARE_NOTE, claim: null, reason },
  lsi: noLsi(`no decomposition: ${reason}`),
});

/** The records when the caller turned the route off (quick runs). */
export const skippedDecompositionGap = (): DecompositionRecords => notApplied('not tried: the caller turned the route off (emcert demo --quick)');

/**
 * The record for `certificate` (its temperature, its lsi hypothesis, whose bump and cover bound the
 * tails when f is not strongly convex as one box): a kernel-checked gap with its evidence, or claim
 * null and one line saying why the route does not apply or found nothing. Chains along each axis
 * cross the stretch of |x| <= radius where the sampled curvature is negative.
 */
export function proposeDecompositionGap(energy: Energy, certificate: CertificateContext, radius: number, limits: DecompositionGapLimits = DEFAULT_DECOMPOSITION_LIMITS, adaptive?: AdaptiveGridSettings, say?: (m: string) => void): DecompositionRecords {
  const T = certificate.temperature;
  const d = energy.dim;
  const model = energy.model;
  if (d > 2) return notApplied(`the slab chains are built for d <= 2 (d = ${d})`);
  const rough = nonSmoothPart(model);
  if (flattenSum(model).some((t) => t.model.kind !== 'expression' && t.model.kind !== 'quadratic')) {
    if (rough) return notApplied(`the local curvature checks need a C^2 energy: ${rough}`);
    if (adaptive && d === 2 && boundedNetworkTerms(model).length > 0) return networkDecompositionRecords(energy, certificate, adaptive, say);
    return notApplied(`not tried for network energies: slabs along one axis do not fit their modes, and the local checks over unbounded slabs take minutes there${adaptive ? ' (the network grid needs d = 2 and a network whose last hidden layer is tanh or sigmoid with a linear output)' : '; check --decomposition adaptive tries the network grid (d = 2)'}`);
  }
  if (rough) return notApplied(`the local curvature checks need a C^2 energy: ${rough}`);
  const through = new Array<number>(d).fill(0);
  // Only the wider overlaps (0.4 of a slab): they won on every double well measured (1-d at T = 1 and
  // 0.2, 2-d at T = 1), and half the patterns halve the cost (each costs seconds of kernel checks).
  const wide = (p: SlabChainOptions): boolean => p.cuts.length < 2 || p.overlap >= 0.3 * (p.cuts[1]! - p.cuts[0]!);
  // Only axes with strictly negative sampled curvature: where hess f >= 0 (x1^4 at 0) the LSI routes do
  // better, and a chain there costs tens of CPU s for a gap far below theirs.
  const patterns = Array.from({ length: d }, (_, axis) => (negativeCurvatureOnAxis(energy, axis, radius) ? chainPatterns(energy, T, axis, through, radius).filter(wide) : []));
  if (patterns.every((p) => p.length === 0) && !adaptive)
    return notApplied(`hess f is positive semidefinite at every sampled point of the axes through 0 (|x| <= ${radius}): the route is for non-convex energies, where it pays barrier heights instead of osc W`);
  let tailCover: TailDecomposition | undefined;
  let anchor = new Array<number>(d).fill(0);
  if (needsCoverForTails(energy, T)) {
    try {
      tailCover = lsiTailCover(certificate);
      const a = certificate.hypotheses.find((h) => h.id === 'lsi')?.evidence.anchor;
      if (Array.isArray(a) && a.length === d && a.every((x) => typeof x === 'number' && Number.isFinite(x))) anchor = a as number[];
    } catch (e) {
      return notApplied(`the tail bound of the integration needs the LSI decomposition's bump and cover: ${(e as Error).message}`);
    }
  }
  let prepared: PreparedIntegration;
  try {
    prepared = prepareGapIntegration(energy, T, anchor, tailCover);
  } catch (e) {
    return notApplied(`the masses need certified integration: ${(e as Error).message}`);
  }
  const { evidence } = refineIntegral(model, T, { tolerance: 1e-3, prepared, maxBoxes: limits.integrationBoxes, floatEnergy: energy });
  let best: (SlabChainProposal & { readonly gap: number }) | null = null;
  for (const p of patterns) {
    if (p.length === 0) continue;
    const found = proposeBestSlabChain(energy, T, evidence, p, limits.refinedBoxes);
    if (found && (!best || found.gap > best.gap)) best = found;
  }
  const axes = patterns.filter((p) => p.length > 0).length;
  const chainReason = `no slab chain (${patterns.flat().length} patterns along ${axes} ${axes === 1 ? 'axis' : 'axes'}) was accepted by the kernel within ${limits.refinedBoxes} integration leaves`;
  let chain: DecompositionRecords | string = chainReason;
  if (best) {
    const partition = partitionFromSets(best.evidence.pieces.map((p) => p.set));
    chain = partition === null ? 'internal: the sets\' ends do not pair up into overlaps, so no partition was formed' : recordsFor(certificate, model, prepared, best.integration.boxes, best.evidence, partition);
  }
  if (!adaptive) return typeof chain === 'string' ? notApplied(chain) : chain;
  say?.(typeof chain === 'string' ? `slab chains: ${chain}` : `slab chains: gap >= ${chain.poincare.claim!.gapLower.toPrecision(4)}`);
  const found = proposeAdaptiveDecomposition(energy, T, prepared, tailCover?.bump ?? null, adaptive, say);
  // The chain integration may have widened the inner box (chainIntegration.ts): the record stores the widened one.
  let grid = typeof found === 'string' ? found : recordsFor(certificate, model, { ...prepared, inner: found.integration.tails.inner, tails: found.integration.tails }, found.integration.boxes, found.evidence, found.partition);
  // Two levels (one group per mode) when the groups producer finds several; the larger alpha is kept.
  if (typeof found !== 'string' && typeof grid !== 'string' && grid.poincare.evidence)
    grid = { ...grid, lsi: withGroupedLsi(energy, certificate, found, grid.poincare.evidence, grid.lsi, (m) => say?.(`adaptive grid: ${m}`)) };
  if (typeof grid === 'string') say?.(`adaptive grid: ${grid}`);
  else say?.(`adaptive grid: the kernel accepts gap >= ${grid.poincare.claim!.gapLower.toPrecision(4)}, alpha (LSI) ${grid.lsi.claim ? `>= ${grid.lsi.claim.alphaLower.toPrecision(4)}` : `none (${grid.lsi.reason})`}`);
  if (typeof chain === 'string' && typeof grid === 'string') return notApplied(`${chain}; adaptive grid: ${grid}`);
  if (typeof grid === 'string') return chain as DecompositionRecords;
  if (typeof chain === 'string') return grid;
  // The better LSI constant (it is what the stopping routes use), then the better gap.
  const alpha = (r: DecompositionRecords): number => r.lsi.claim?.alphaLower ?? 0;
  return alpha(grid) > alpha(chain) || (alpha(grid) === alpha(chain) && grid.poincare.claim!.gapLower > chain.poincare.claim!.gapLower) ? grid : chain;
}

/**
 * The records of the network grid (networkGrid.ts via proposeNetworkAdaptiveDecomposition): the
 * audit's integration (tails with W = the network terms), the grid, then the groups' two-level LSI
 * when it is larger.
 */
function networkDecompositionRecords(energy: Energy, certificate: CertificateContext, settings: AdaptiveGridSettings, say?: (m: string) => void): DecompositionRecords {
  const T = certificate.temperature;
  let prepared: PreparedIntegration;
  try {
    prepared = prepareIntegration(energy.model, T, 1e-3, energy);
  } catch (e) {
    return notApplied(`the masses need certified integration: ${(e as Error).message}`);
  }
  const found = proposeNetworkAdaptiveDecomposition(energy, T, prepared, settings, say);
  if (typeof found === 'string') return notApplied(`network grid: ${found}`);
  let grid = recordsFor(certificate, energy.model, { ...prepared, inner: found.integration.tails.inner, tails: found.integration.tails }, found.integration.boxes, found.evidence, found.partition);
  if (typeof grid === 'string') return notApplied(`network grid: ${grid}`);
  if (grid.poincare.evidence) {
    const stored = grid.poincare.evidence;
    const ungrouped = grid.lsi;
    grid = { ...grid, lsi: withGroupedLsi(energy, certificate, found, stored, grid.lsi, (m) => say?.(`network grid: ${m}`)) };
    grid = { ...grid, lsi: withLyapunovTail(energy, certificate, found, stored, grid.lsi, (m) => say?.(`network grid: ${m}`), {}, { ungrouped, poincareUpper: grid.poincare.claim?.poincareUpper }) };
  }
  say?.(`network grid: the kernel accepts gap >= ${grid.poincare.claim!.gapLower.toPrecision(4)}, alpha (LSI) ${grid.lsi.claim ? `>= ${grid.lsi.claim.alphaLower.toPrecision(4)}` : `none (${grid.lsi.reason})`}`);
  return grid;
}

/**
 * The two records for a proposed decomposition over the integration `leaves` of `prepared`, with the
 * numbers the kernel derives from exactly what is stored (the LSI check re-checks the decomposition
 * inside, so one replay gives both), or a sentence saying why the kernel refused.
 */
function recordsFor(certificate: CertificateContext, model: Energy['model'], prepared: PreparedIntegration, leaves: readonly Box[], e: PoincareDecompositionEvidence, partition: readonly PartitionBlock[]): DecompositionRecords | string {
  const tree = encodeBisectionTree(prepared.inner, leaves);
  if (tree === null) return 'internal: the integration leaves are not a bisection of the inner box by the shared rule';
  const json: PoincareDecompositionJson = {
    integration: { inner: boxToJson(prepared.inner), shift: prepared.shift, boundedTerms: [...prepared.tails.boundedTerms], anchor: [...prepared.tails.anchor], tailCover: prepared.tails.decomposition ? 'lsi' : null, leaves: leaves.length, tree },
    pieces: e.pieces.map((p) => ({
      set: boxToJson(p.set), bump: p.bump, cover: p.cover.map(boxToJson),
      ...(p.boundedTerms !== undefined ? { boundedTerms: [...p.boundedTerms] } : {}),
      ...(p.farField !== undefined ? { farField: { center: [...p.farField.center], radius: p.farField.radius, patches: p.farField.patches.map(boxToJson) } } : {}),
    })),
    edges: e.edges.map(([i, j]) => [i, j]),
    beta: e.beta,
    lambda2: e.lambda2,
    // Every writer passes the scales on: without them verify replays mu = 1, a different (smaller) gap.
    ...(e.edgeScales !== undefined ? { edgeScales: [...e.edgeScales] } : {}),
    local: [],
    masses: [],
    overlaps: [],
  };
  const lsiJson = { partition: partition.map((b) => ({ box: boxToJson(b.box), set: b.set })), masses: [], localInverse: 0, logInverseMass: 0 };
  const r = replayLsiDecomposition(certificate, model, json, lsiJson);
  if (!r.ok) {
    // The decomposition may hold when the partition does not: keep the gap with the LSI refusal.
    const p = replayPoincareDecomposition(certificate, model, json);
    if (!p.ok) return `the kernel refused the stored decomposition: ${p.reason}`;
    const { claim, ...values } = recordedValues(p.value);
    return { poincare: { function: POINCARE_FUNCTION, proof: POINCARE_PROOF, note: POINCARE_NOTE, claim, evidence: { ...json, ...values } }, lsi: noLsi(`the kernel refused the partition: ${r.reason}`) };
  }
  const { claim, ...values } = recordedValues(r.value.poincare);
  const { claim: lsiClaim, ...lsiValues } = recordedLsiValues(r.value);
  return {
    poincare: { function: POINCARE_FUNCTION, proof: POINCARE_PROOF, note: POINCARE_NOTE, claim, evidence: { ...json, ...values } },
    lsi: { function: LSI_DECOMPOSITION_FUNCTION, proof: LSI_DECOMPOSITION_PROOF, claim: lsiClaim, evidence: { ...lsiJson, ...lsiValues } },
  };
}
