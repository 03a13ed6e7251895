// Hypothesis "pi satisfies LSI(alpha)" from a covering decomposition (proofs/lsi-from-decomposition.md):
//   1/alpha = max_i 1/a_i + (2 + log(1/p_*)) C_P / 2,
// C_P the decomposition's Poincare constant (checks/poincareDecomposition), B_1..B_n a partition of R^d
// into boxes, each inside a set A_s(i) of the decomposition, so pi(. | B_i) satisfies LSI(1/C_s(i))
// (Bakry-Emery on the convex B_i + Holley-Stroock, the same hypotheses as the local Poincare
// constant), and p_* a certified lower bound on every pi(B_i).
// Chain rule of entropy over the partition gives a defective LSI with defect log(1/p_*); Rothaus'
// lemma and the Poincare inequality remove the defect. Any Poincare constant of pi serves as C_P: with
// Lyapunov-tail evidence (checks/lyapunovTail, proofs/lyapunov-tail.md) the smaller of the two is used.
// A block with `epsilon` has a defective LSI instead (checks/blockComparison, section 3a): it enters
// max 1/a_i with (1 + eps)/m, and its defect D_i joins log(1/p_*):
//   1/alpha = max(C_s(i), (1 + eps)/m) + (2 + log(1/p_*) + max D_i) C_P / 2.
import { add, div, log, mul, point, type Interval } from '../interval.js';
import type { EnergyModel } from '../model.js';
import { checkCoversSpace, validateBox, type Box } from './cover.js';
import type { CheckOutcome } from './common.js';
import { MAX_DECOMPOSITION_SETS } from './blockGap.js';
import { checkPoincareDecomposition, type PoincareBound, type PoincareDecompositionEvidence } from './poincareDecomposition.js';
import { checkRegionMass, type IntegralBracket } from '../integration/evidence.js';
import { checkLyapunovPoincare, type LyapunovPoincareBound, type LyapunovTailEvidence } from './lyapunovTail.js';
import { checkComparisonPiece, comparisonConstants, type ComparisonPiece } from './blockComparison.js';

/** One block of the partition and the index of the decomposition set that contains it. With
 *  `epsilon` the block's constants come from the comparison of checks/blockComparison (section 3a of
 *  proofs/lsi-from-decomposition.md) instead of LSI(1/C_set). */
export interface PartitionBlock {
  readonly box: Box;
  readonly set: number;
  readonly epsilon?: number;
}

/** A second Poincare constant for the LSI: the Lyapunov tail with a decomposition of pi(. | K). */
export interface LyapunovPoincareEvidence {
  readonly restricted: PoincareDecompositionEvidence;
  readonly tail: LyapunovTailEvidence;
}

export interface LsiFromDecompositionBound {
  /** The decomposition's kernel-checked Poincare bound. */
  readonly poincare: PoincareBound;
  /** The Lyapunov-tail bound when its evidence was given. */
  readonly lyapunov?: LyapunovPoincareBound;
  /** The C_P the formula used: the smaller of the two. */
  readonly poincareUsed: number;
  /** Brackets on pi(B_i). */
  readonly masses: Interval[];
  /** max over blocks of C_s(i), or (1 + eps)/m for a comparison block: an upper bound on max_i A_i / 2
   *  (rounded up already). */
  readonly localInverse: number;
  /** An upper bound on log(1/p_*) (rounded up, >= 0). */
  readonly logInverseMass: number;
  /** max over comparison blocks of their defect (rounded up; 0 without them). */
  readonly defect: number;
  /** pi satisfies LSI(alpha): Ent(g^2) <= (2/alpha) E|grad g|^2 (rounded down). */
  readonly alpha: number;
}

/** Closed boxes a, b whose interiors meet (then they overlap in positive volume). */
export function interiorsMeet(a: Box, b: Box): boolean {
  return a.every((c, i) => Math.max(c.lo, b[i]!.lo) < Math.min(c.hi, b[i]!.hi));
}

/** a ⊆ b for closed boxes. */
export function boxInside(a: Box, b: Box): boolean {
  return a.every((c, i) => b[i]!.lo <= c.lo && c.hi <= b[i]!.hi);
}

/**
 * An upper bound on 1/alpha = localInverse + (2 + logInverseMass) C_P / 2 (outward-rounded, upper end).
 * The grouped check (checks/lsiGroupedDecomposition) uses it for each group's 1/a_g.
 */
export function decompositionLsiInverse(localInverse: number, logInverseMass: number, poincare: number): number {
  return add(point(localInverse), div(mul(add(point(2), point(logInverseMass)), point(poincare)), point(2))).hi;
}

/**
 * 1/alpha = localInverse + (2 + logInverseMass) C_P / 2, rounded up; alpha = 1 / that, rounded down.
 * Exported for the closed-form tests; checkLsiFromDecomposition is the only caller that certifies.
 */
export function decompositionLsiAlpha(localInverse: number, logInverseMass: number, poincare: number): number {
  return div(point(1), point(decompositionLsiInverse(localInverse, logInverseMass, poincare))).lo;
}

/**
 * The partition property, each block's containment in its set, and the mass lower bounds, on top of
 * the decomposition's own check (re-run here, so nothing unchecked is trusted); returns the LSI constant.
 */
export function checkLsiFromDecomposition(model: EnergyModel, temperature: number, bracket: IntegralBracket, evidence: PoincareDecompositionEvidence, partition: readonly PartitionBlock[], lyapunovEvidence?: LyapunovPoincareEvidence): CheckOutcome<LsiFromDecompositionBound> {
  const p = checkPoincareDecomposition(model, temperature, bracket, evidence);
  if (!p.ok) return p;
  let lyapunov: LyapunovPoincareBound | undefined;
  if (lyapunovEvidence !== undefined) {
    const l = checkLyapunovPoincare(model, temperature, bracket, lyapunovEvidence.restricted, lyapunovEvidence.tail);
    if (!l.ok) return { ok: false, reason: `lsi-decomposition: ${l.reason}` };
    lyapunov = l.value;
  }
  const poincareUsed = lyapunov === undefined ? p.value.poincare : Math.min(p.value.poincare, lyapunov.poincare);
  const sets = evidence.pieces.map((piece) => piece.set);
  if (!Array.isArray(partition) || partition.length < 1 || partition.length > MAX_DECOMPOSITION_SETS)
    return { ok: false, reason: `lsi-decomposition: need 1 to ${MAX_DECOMPOSITION_SETS} partition blocks` };
  const d = model.dim;
  for (let i = 0; i < partition.length; i++) {
    const b = partition[i];
    const bad = validateBox(b?.box as Box, d, `partition[${i}]`);
    if (bad) return { ok: false, reason: `lsi-decomposition: ${bad}` };
    const s = b!.set;
    if (!(Number.isInteger(s) && s >= 0 && s < sets.length)) return { ok: false, reason: `lsi-decomposition: partition[${i}] names set ${String(s)}, not one of the ${sets.length} sets` };
    if (!boxInside(b!.box, sets[s]!)) return { ok: false, reason: `lsi-decomposition: partition[${i}] is not inside set ${s}` };
  }
  const boxes = partition.map((b) => b.box);
  const covers = checkCoversSpace(boxes, d);
  if (!covers.ok) return { ok: false, reason: `lsi-decomposition: the blocks do not cover R^d (${covers.reason})` };
  // Interiors pairwise disjoint: the closed blocks then meet only in faces, a Lebesgue-null set.
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++)
      if (interiorsMeet(boxes[i]!, boxes[j]!)) return { ok: false, reason: `lsi-decomposition: partition blocks ${i} and ${j} overlap` };
  const masses: Interval[] = [];
  let minMass = Infinity;
  for (let i = 0; i < boxes.length; i++) {
    const r = checkRegionMass(model, temperature, bracket.boxes, bracket, [boxes[i]!]);
    if (!r.ok) return { ok: false, reason: `lsi-decomposition: mass of block ${i}: ${r.reason}` };
    if (!(r.value.mass.lo > 0)) return { ok: false, reason: `lsi-decomposition: pi(B_${i}) > 0 is not certified` };
    masses.push(r.value.mass);
    minMass = Math.min(minMass, r.value.mass.lo);
  }
  // log(1/p_*) <= -log(p_lo) (rounded up); masses are <= 1, and a defect below 0 is never used.
  const logInverseMass = Math.max(0, -log(point(minMass)).lo);
  // Per block: LSI(1/C_s) (A = 2 C_s, D = 0) or the comparison of section 3a (A = 2 (1 + eps)/m, D >= 0).
  const compared = new Map<number, ComparisonPiece>();
  let localInverse = 0, defect = 0;
  for (let i = 0; i < partition.length; i++) {
    const b = partition[i]!;
    if (b.epsilon === undefined) { localInverse = Math.max(localInverse, p.value.local[b.set]!.constant); continue; }
    if (!(Number.isFinite(b.epsilon) && b.epsilon > 0)) return { ok: false, reason: `lsi-decomposition: partition[${i}].epsilon ${String(b.epsilon)} is not a positive finite number` };
    let piece = compared.get(b.set);
    // Stryker disable next-line ConditionalExpression: a cache (checking the same piece again gives the same numbers)
    if (piece === undefined) {
      const c = checkComparisonPiece(model, temperature, evidence.pieces[b.set]!, `lsi-decomposition: comparison on set ${b.set}`);
      if (!c.ok) return c;
      piece = c.value;
      compared.set(b.set, piece);
    }
    const k = comparisonConstants(piece, b.epsilon);
    localInverse = Math.max(localInverse, k.dirichlet);
    defect = Math.max(defect, k.defect);
  }
  const alpha = decompositionLsiAlpha(localInverse, add(point(logInverseMass), point(defect)).hi, poincareUsed);
  if (!(alpha > 0 && Number.isFinite(alpha))) return { ok: false, reason: `lsi-decomposition: alpha ${alpha} is not a positive finite number` };
  return { ok: true, value: { poincare: p.value, ...(lyapunov ? { lyapunov } : {}), poincareUsed, masses, localInverse, logInverseMass, defect, alpha } };
}
