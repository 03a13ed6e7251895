// Hypothesis "pi(. | B) satisfies a defective LSI by comparison with mu_B ∝ e^{-U} 1_B"
// (proofs/lsi-from-decomposition.md, section 3a). On a set A ⊇ B where the decomposition's piece splits
// f = U + W with hess U >= m I and osc W <= o (checkLocalPoincare), and |grad W| <= G on A:
//   Ent_{pi_B}(g^2) <= (2 (1 + eps) / m) ∫ |grad g|^2 dpi_B + ((1 + 1/eps) G^2 / (2 m) + o) ∫ g^2 dpi_B.
// Why: LSI(m e^-o) (section 3) pays e^o, and on a frame set reaching infinity o is the network's
// oscillation over a quarter of the directions at infinity divided by T; this bound pays o and G^2 / m,
// both of order 1/T, and Rothaus' lemma removes the defect at the price of a multiple of C_P.
import { add, div, mul, point, sqr, type Interval } from '../interval.js';
import type { EnergyModel } from '../model.js';
import { encloseModel } from '../enclosure.js';
import { compileConeEnclosure, coneBoundingBox } from '../networkFarField.js';
import { createFlatEnclosure } from '../network.js';
import type { Box } from './cover.js';
import { closedBoxesMeet } from './blockGap.js';
import { tryEnclose, type CheckOutcome } from './common.js';
import { checkLocalPoincare, intersectBoxes, pieceBoundedPart, type PoincarePieceEvidence } from './poincareDecomposition.js';

export interface ComparisonPiece {
  /** hess U >= m I on A (checkLocalPoincare's). */
  readonly m: number;
  /** osc_A W (f-units, checkLocalPoincare's). */
  readonly osc: number;
  /** sup_A |grad W|^2 (f-units), rounded up. */
  readonly gradientSquare: number;
}

/** sum_k max(|lo_k|, |hi_k|)^2 / T^2, rounded up; Infinity for a NaN or unbounded end. */
function squareNormUpper(lo: ArrayLike<number>, hi: ArrayLike<number>, temperature: number): number {
  let sum: Interval = point(0);
  for (let k = 0; k < lo.length; k++) {
    const a = Math.max(Math.abs(lo[k]!), Math.abs(hi[k]!));
    // Stryker disable next-line ConditionalExpression: equivalent for an infinite end (the sum is then infinite and the piece refused); kept so that a NaN end never reaches the interval operations
    if (!Number.isFinite(a)) return Infinity;
    sum = add(sum, sqr(point(a)));
  }
  return div(sum, sqr(point(temperature))).hi;
}

/**
 * The piece's m and osc (checkLocalPoincare: its cover, or boxes and far field, cover A) and an upper
 * bound on |grad W|^2 / T^2 over A: over each cover box ∩ A the interval gradient of W; over the part
 * of A outside the far-field cube each cone K(P) whose bounding box meets A, with the cone enclosure's
 * gradient intersected with the box enclosure over (bounding box ∩ A) (both enclose grad W on
 * K(P) ∩ A). Refused when the piece is refused or the bound is not finite.
 */
export function checkComparisonPiece(model: EnergyModel, temperature: number, piece: PoincarePieceEvidence, where: string): CheckOutcome<ComparisonPiece> {
  const local = checkLocalPoincare(model, temperature, piece, where);
  if (!local.ok) return local;
  const w = pieceBoundedPart(model, piece);
  // checkLocalPoincare accepted the same terms, so w is a model or null here.
  // Stryker disable next-line all: unreachable, checkLocalPoincare refuses a piece whose terms are malformed first
  if (typeof w === 'string') return { ok: false, reason: `${where}: ${w}` };
  if (w === null) return { ok: true, value: { m: local.value.m, osc: local.value.osc, gradientSquare: 0 } };
  const d = model.dim;
  let g2 = 0;
  for (const b of piece.cover) {
    if (!closedBoxesMeet(b, piece.set)) continue;
    const e = tryEnclose(() => encloseModel(w, intersectBoxes(b, piece.set)).gradient);
    g2 = Math.max(g2, e ? squareNormUpper(e.map((c) => c.lo), e.map((c) => c.hi), temperature) : Infinity);
  }
  const far = piece.farField;
  if (far !== undefined) {
    const enclose = tryEnclose(() => compileConeEnclosure(w));
    const out = createFlatEnclosure(d);
    const lo = new Float64Array(d), hi = new Float64Array(d);
    const center = Float64Array.from(far.center);
    for (const patch of far.patches) {
      const cone = { center, radius: far.radius, uLo: Float64Array.from(patch, (c) => c.lo), uHi: Float64Array.from(patch, (c) => c.hi) };
      coneBoundingBox(cone, lo, hi);
      const bounds: Box = Array.from(lo, (l, k) => ({ lo: l, hi: hi[k]! }));
      if (!closedBoxesMeet(bounds, piece.set)) continue;
      const boxGrad = tryEnclose(() => encloseModel(w, intersectBoxes(bounds, piece.set)).gradient);
      const coneOk = enclose ? tryEnclose(() => { enclose(cone, out); return true; }) : undefined;
      const gLo = new Float64Array(d), gHi = new Float64Array(d);
      for (let k = 0; k < d; k++) {
        // Stryker disable next-line UnaryOperator: the fallbacks apply only when an enclosure throws, which the supported terms' do not
        gLo[k] = Math.max(boxGrad ? boxGrad[k]!.lo : -Infinity, coneOk ? out.gradLo[k]! : -Infinity);
        gHi[k] = Math.min(boxGrad ? boxGrad[k]!.hi : Infinity, coneOk ? out.gradHi[k]! : Infinity);
      }
      g2 = Math.max(g2, squareNormUpper(gLo, gHi, temperature));
    }
  }
  if (!Number.isFinite(g2)) return { ok: false, reason: `${where}: |grad W| is not bounded on the set` };
  return { ok: true, value: { m: local.value.m, osc: local.value.osc, gradientSquare: g2 } };
}

/** A block's two constants under the comparison, rounded up: its Dirichlet share (1 + eps) / m (the
 *  role of 1/a_i) and its defect (1 + 1/eps) G^2 / (2 m) + o. */
export function comparisonConstants(piece: ComparisonPiece, epsilon: number): { dirichlet: number; defect: number } {
  const m = point(piece.m), eps = point(epsilon);
  const dirichlet = div(add(point(1), eps), m).hi;
  const lipschitz = div(mul(add(point(1), div(point(1), eps)), point(piece.gradientSquare)), mul(point(2), m));
  return { dirichlet, defect: add(lipschitz, point(piece.osc)).hi };
}
