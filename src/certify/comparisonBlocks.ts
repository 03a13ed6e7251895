// Producer (untrusted): which partition blocks of the decomposition LSI take the comparison bound of
// kernel/checks/blockComparison (proofs/lsi-from-decomposition.md section 3a) instead of LSI(1/C_set),
// and with which epsilon. A block pays (1 + eps)/m in place of C_set, and the largest defect
// (1 + 1/eps) G^2 / (2 m) + osc of the switched blocks joins log(1/p_*) in front of C_P / 2. Worth it for
// the frame sets at low T, whose C_set = e^osc / m: on models/8gaussians' worst quadrant the kernel
// gives osc = 7.84 / T and G <= 4.34 / T (sampled |grad N| there: at most 3.1), m = 0.1 / T, so C_set
// grows like e^{7.84 / T} while the defect is (94 (1 + 1/eps) + 7.84) / T.
import type { Energy } from '../energy/types.js';
import type { PartitionBlock } from '../kernel/checks/lsiDecomposition.js';
import type { PoincarePieceEvidence } from '../kernel/checks/poincareDecomposition.js';
import { checkComparisonPiece, comparisonConstants, type ComparisonPiece } from '../kernel/checks/blockComparison.js';

export const COMPARISON_EPSILONS: readonly number[] = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256];

/** The float value of 1/alpha = localInverse + (2 + logInverseMass + defect) C_P / 2. */
function inverseAlpha(localInverse: number, logInverseMass: number, defect: number, poincare: number): number {
  return localInverse + ((2 + logInverseMass + defect) * poincare) / 2;
}

/**
 * The partition with `epsilon` on the blocks of the `candidates` largest local constants when the float
 * formula says that gains by at least `minGain`; else the partition unchanged. For each threshold
 * (switch every block whose set's constant is at least the k-th largest) and each epsilon of
 * COMPARISON_EPSILONS, the formula with `poincare` (an estimate of the C_P the kernel will use) and
 * `logInverseMass`; the sets' G from the kernel's own function (cheap, deterministic).
 */
export function proposeComparisonBlocks(energy: Energy, temperature: number, pieces: readonly PoincarePieceEvidence[], local: readonly number[], partition: readonly PartitionBlock[], poincare: number, logInverseMass: number, opts: { candidates?: number; minGain?: number } = {}): { partition: PartitionBlock[]; estimate: number; before: number; switched: number; epsilon: number } {
  const plain = partition.map((b) => local[b.set]!);
  const before = inverseAlpha(Math.max(...plain), logInverseMass, 0, poincare);
  const unchanged = { partition: partition.map((b) => ({ box: b.box, set: b.set })), estimate: before, before, switched: 0, epsilon: 0 };
  if (!(poincare > 0 && Number.isFinite(poincare))) return unchanged;
  // Switching can at best remove the local term: when (2 + log(1/p_*)) C_P / 2 alone is within minGain of
  // 1/alpha no choice gains, and the sets' gradient bounds (kernel work on every frame) are not computed.
  if (!(inverseAlpha(0, logInverseMass, 0, poincare) < before * (1 - (opts.minGain ?? 0.1)))) return unchanged;
  const order = partition.map((_, i) => i).sort((a, b) => plain[b]! - plain[a]!).slice(0, opts.candidates ?? 40);
  const compared = new Map<number, ComparisonPiece | null>();
  const pieceOf = (s: number): ComparisonPiece | null => {
    if (!compared.has(s)) {
      const r = checkComparisonPiece(energy.model, temperature, pieces[s]!, `set ${s}`);
      compared.set(s, r.ok ? r.value : null);
    }
    return compared.get(s)!;
  };
  let best = { estimate: before, switched: 0, epsilon: 0 };
  const switched = new Set<number>();
  for (const i of order) {
    if (pieceOf(partition[i]!.set) === null) break;
    switched.add(i);
    const rest = Math.max(0, ...plain.filter((_, k) => !switched.has(k)));
    for (const eps of COMPARISON_EPSILONS) {
      let dirichlet = 0, defect = 0;
      for (const k of switched) {
        const c = comparisonConstants(pieceOf(partition[k]!.set)!, eps);
        dirichlet = Math.max(dirichlet, c.dirichlet);
        defect = Math.max(defect, c.defect);
      }
      const estimate = inverseAlpha(Math.max(rest, dirichlet), logInverseMass, defect, poincare);
      if (estimate < best.estimate) best = { estimate, switched: switched.size, epsilon: eps };
    }
  }
  if (!(best.estimate < before * (1 - (opts.minGain ?? 0.1)))) return unchanged;
  const chosen = new Set(order.slice(0, best.switched));
  return { partition: partition.map((b, i) => ({ box: b.box, set: b.set, ...(chosen.has(i) ? { epsilon: best.epsilon } : {}) })), estimate: best.estimate, before, switched: best.switched, epsilon: best.epsilon };
}
