// Producer (untrusted) of the grouped LSI record for the adaptive grid (emcert check --decomposition
// adaptive): the groups of decompositionGroups.ts over the accepted decomposition, replayed from the
// stored JSON by the kernel's grouped check (checks/lsiGroupedDecomposition, proofs/lsi-from-decomposition.md
// section 5); the record is replaced only when its alpha beats the ungrouped one. The replay reads the
// same JSON verify reads, so what is written is what is checked.
import type { Energy } from '../energy/types.js';
import { boxToJson, type LsiDecompositionRecord, type PoincareDecompositionJson } from '../verify/certificate.js';
import { groupedLsiEvidence, LSI_DECOMPOSITION_PROOF, LSI_GROUPED_DECOMPOSITION_FUNCTION, replayGroupedLsiDecomposition } from '../verify/lsiDecomposition.js';
import type { CertificateContext } from '../verify/poincare.js';
import type { AdaptiveDecomposition } from './adaptiveDecompositionGap.js';
import { proposeDecompositionGroups } from './decompositionGroups.js';

/**
 * The grouped lsiDecomposition record when the groups producer finds at least two groups, the kernel
 * accepts them and their alpha is larger than `ungrouped`'s; otherwise `ungrouped` itself.
 * stored: the poincareDecomposition evidence as written (with the kernel's local constants).
 */
export function withGroupedLsi(energy: Energy, certificate: CertificateContext, found: AdaptiveDecomposition, stored: PoincareDecompositionJson, ungrouped: LsiDecompositionRecord, say: (m: string) => void = () => {}): LsiDecompositionRecord {
  const T = certificate.temperature;
  const local = stored.local.map((l) => l.constant);
  let proposal;
  try {
    proposal = proposeDecompositionGroups(energy, T, found.region, found.bracket, found.evidence, local, found.partition);
  } catch (e) {
    say(`groups: none (${(e as Error).message})`);
    return ungrouped;
  }
  if (typeof proposal === 'string') { say(`groups: none (${proposal})`); return ungrouped; }
  if (proposal.groups.length < 2) { say('groups: one box holds every mode: nothing to group'); return ungrouped; }
  // The replay reads the groups' evidence part only (their numbers are its outputs, zero here).
  const r = replayGroupedLsiDecomposition(certificate, energy.model, stored, {
    partition: proposal.partition.map((b) => ({ box: boxToJson(b.box), set: b.set, group: b.group })),
    masses: [],
    localInverse: 0,
    logInverseMass: 0,
    groups: proposal.groups.map((g) => ({ region: boxToJson(g.region), sets: g.sets, edges: g.edges, ...(g.edgeScales ? { edgeScales: g.edgeScales } : {}), beta: g.beta, lambda2: g.lambda2, poincareUpper: 0, mass: [0, 0], localInverse: 0, logInverseMass: 0, inverseAlpha: 0 })),
  });
  const before = ungrouped.claim?.alphaLower ?? 0;
  if (!r.ok) { say(`groups: ${proposal.groups.length} (one per mode), refused by the kernel: ${r.reason}`); return ungrouped; }
  const worst = r.value.groups.reduce((a, g) => Math.max(a, g.poincare), 0);
  const kept = r.value.alpha > before;
  say(`groups: ${proposal.groups.length} (one per mode), ${proposal.partition.length} blocks, largest C_P^g ${worst.toPrecision(4)}, D_top ${r.value.logInverseMass.toFixed(2)}: alpha (LSI) grouped >= ${r.value.alpha.toPrecision(4)} against ${before.toPrecision(4)} ungrouped; ${kept ? 'the grouped record is kept' : 'the ungrouped record is kept'}`);
  if (!kept) return ungrouped;
  return { function: LSI_GROUPED_DECOMPOSITION_FUNCTION, proof: LSI_DECOMPOSITION_PROOF, claim: { alphaLower: r.value.alpha }, evidence: groupedLsiEvidence(proposal.groups, proposal.partition, r.value) };
}
