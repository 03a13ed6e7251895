// The 1-d double well (x^2 - 1)^2 at T = 0.1 of the stored certificate (test/verify/fixtures/wellLsi.json)
// with its blocks grouped into the two wells: S_0 = (-inf, b], S_1 = [b, inf), b the block boundary
// next to the saddle. Each group's chain claim t is the float lambda_2 of its restricted chain (masses
// from the kernel) shaded down by 1e-6; the kernel must accept it (untrusted, like a producer).
import { readFileSync } from 'node:fs';
import type { Certificate } from '../../../src/verify/certificate.js';
import { boxFromEvidence } from '../../../src/verify/certificate.js';
import { decodeDecomposition } from '../../../src/verify/poincare.js';
import { rebuildModel } from '../../../src/verify/model.js';
import { Checks } from '../../../src/verify/checks.js';
import { floatLambda2 } from '../../../src/certify/poincareProducer.js';
import { intersectBoxes, type PoincareDecompositionEvidence } from '../../../src/kernel/checks/poincareDecomposition.js';
import type { DecompositionGroup, GroupedPartitionBlock } from '../../../src/kernel/checks/lsiGroupedDecomposition.js';
import { checkRegionMass, type IntegralBracket } from '../../../src/kernel/integration/evidence.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import type { Box } from '../../../src/kernel/checks/cover.js';

export const wellCert: Certificate = JSON.parse(readFileSync(new URL('../../verify/fixtures/wellLsi.json', import.meta.url), 'utf8'));
export const wellModel = rebuildModel(wellCert, new Checks())!;
const decoded = decodeDecomposition(wellCert, wellModel, wellCert.poincareDecomposition!.evidence!);
if (!decoded.ok) throw new Error(decoded.reason);
export const wellBracket: IntegralBracket = decoded.value.bracket;
export const wellEvidence: PoincareDecompositionEvidence = decoded.value.evidence;
export const wellT = wellCert.temperature;
/** The stored (ungrouped) partition: one block per set. */
export const wellBlocks = wellCert.lsiDecomposition!.evidence!.partition.map((b) => ({ box: boxFromEvidence(b.box)!, set: b.set }));

/** A chain over `sets` (consecutive positions) whose t is the shaded float lambda_2 of its restricted masses. */
export function chainGroup(model: EnergyModel, T: number, bracket: IntegralBracket, evidence: PoincareDecompositionEvidence, region: Box, sets: number[], shade = 1e-6): DecompositionGroup {
  const edges = sets.slice(1).map((_, n) => [n, n + 1] as const);
  const pieces = sets.map((a) => ({ ...evidence.pieces[a]!, set: intersectBoxes(evidence.pieces[a]!.set, region) }));
  if (sets.length === 1) return { region, sets, edges: [], beta: 0, lambda2: 1 };
  const mass = (box: Box) => {
    const r = checkRegionMass(model, T, bracket.boxes, bracket, [box]);
    if (!r.ok) throw new Error(r.reason);
    return r.value.mass;
  };
  const q = pieces.map((piece) => mass(piece.set).hi);
  const overlaps = edges.map(([i, j]) => mass(intersectBoxes(pieces[i]!.set, pieces[j]!.set)));
  const t = floatLambda2(q, edges.map(([i, j], n) => ({ i, j, weight: overlaps[n]!.lo }))) * (1 - shade);
  return { region, sets, edges, beta: (2 * t) / q.reduce((s, v) => s + v, 0), lambda2: t };
}

/** The saddle boundary b: the upper end of stored block 7. */
export const wellCut = wellBlocks[7]!.box[0]!.hi;
export const wellRegions: Box[] = [[{ lo: -Infinity, hi: wellCut }], [{ lo: wellCut, hi: Infinity }]];
export const wellGroups: DecompositionGroup[] = [
  chainGroup(wellModel, wellT, wellBracket, wellEvidence, wellRegions[0]!, [0, 1, 2, 3, 4, 5, 6, 7, 8]),
  chainGroup(wellModel, wellT, wellBracket, wellEvidence, wellRegions[1]!, [7, 8, 9, 10, 11, 12, 13, 14, 15]),
];
export const wellGroupedBlocks: GroupedPartitionBlock[] = wellBlocks.map((b, i) => ({ ...b, group: i <= 7 ? 0 : 1 }));
