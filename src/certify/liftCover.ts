// Producer (untrusted): a bounded 2-d cell's lift W_E = -(c1 (x1 - m1)^2 + c2 (x2 - m2)^2) and the
// cover the kernel checks it on, searched together on the kernel's own interval Hessians.
// Why: on a network energy each Hessian enclosure costs about 10 ms (models/8gaussians), and the ladder
// search of gridDecomposition.cellPiece re-encloses every sub-box for each of its ~10 candidate lifts;
// and a uniform n x n cover spends its boxes evenly while the bound is set by the few boxes where the
// curvature is most negative (the cell [1.8, 3.2] x [-2.2, -0.8]: local constant 1.8e7 on 6 x 6,
// 8.6e3 on 12 x 12, 1.3e3 on 24 x 24). Here each box is enclosed once; the best lift for the current
// boxes is found in floats (the objective below is convex in the lift); the boxes that bind at that
// lift are halved; repeat. The kernel's checkLocalPoincare then decides the constant.
import type { Energy } from '../energy/types.js';
import type { Box } from '../kernel/box.js';
import type { Interval } from '../kernel/interval.js';
import { encloseModel } from '../kernel/enclosure.js';
import { checkLocalPoincare, type PoincarePieceEvidence } from '../kernel/checks/poincareDecomposition.js';

export interface LiftCoverOptions {
  /** Sub-boxes per axis of the first cover (default 4). */
  readonly start?: number;
  /** Most boxes in the final cover (default 400). */
  readonly maxBoxes?: number;
  /** Boxes whose bound at the current lift is within this factor of the least are halved (default 1.2). */
  readonly bindingFactor?: number;
  /** Stop when a round improves the objective by less than this (default 0.01, in ln of the constant). */
  readonly tolerance?: number;
}

/** One box of the cover with its Hessian enclosure in f-units reduced to what the 2 x 2 bound reads:
 *  the lower ends of the diagonal and the largest |off-diagonal|. */
export interface BoxCurvature { readonly box: Box; readonly h11: number; readonly h22: number; readonly h12: number }

/** The lift in f-units (hess U = hess f + 2 diag(a)) for an E-unit expression: c = a T. */
export function liftExpression(set: Box, lift: readonly number[], temperature: number): string {
  const mid = set.map((c) => 0.5 * c.lo + 0.5 * c.hi);
  return `-(${lift.map((a, i) => `${a * temperature} * (x${i + 1} - (${mid[i]}))^2`).join(' + ')})`;
}

function curvature(energy: Energy, temperature: number, box: Box): BoxCurvature {
  let h: Interval[][] | null = null;
  try { h = encloseModel(energy.model, box as Interval[]).hessian; } catch { h = null; }
  if (!h || h.some((row) => row.some((x) => Number.isNaN(x.lo) || Number.isNaN(x.hi)))) return { box, h11: -Infinity, h22: -Infinity, h12: Infinity };
  const off = Math.max(Math.abs(h[0]![1]!.lo), Math.abs(h[0]![1]!.hi), Math.abs(h[1]![0]!.lo), Math.abs(h[1]![0]!.hi));
  return { box, h11: h[0]![0]!.lo / temperature, h22: h[1]![1]!.lo / temperature, h12: off / temperature };
}

/** The least eigenvalue over the interval family of 2 x 2 symmetric matrices the box's enclosure
 *  allows, after the lift: increasing in the diagonal, decreasing in |h12|, so the corner decides. */
function boxBound(b: BoxCurvature, a1: number, a2: number): number {
  const p = b.h11 + 2 * a1, r = b.h22 + 2 * a2;
  return 0.5 * (p + r) - Math.sqrt(0.25 * (p - r) * (p - r) + b.h12 * b.h12);
}

function leastBound(boxes: readonly BoxCurvature[], a1: number, a2: number): number {
  let m = Infinity;
  for (const b of boxes) m = Math.min(m, boxBound(b, a1, a2));
  return m;
}

/**
 * The lift minimising g(a) = (a1 w1^2 + a2 w2^2) / 4 - ln m(a), m(a) the least box bound: ln of the
 * float model of the kernel's exp(osc W) / m. m is a minimum of concave functions of a, so g is convex
 * where m > 0: a log-spaced grid, then a pattern search with shrinking steps.
 */
export function bestLift(boxes: readonly BoxCurvature[], widths: readonly number[]): { lift: [number, number]; value: number } | null {
  const g = (a1: number, a2: number): number => {
    if (!(a1 >= 0 && a2 >= 0)) return Infinity;
    const m = leastBound(boxes, a1, a2);
    return m > 0 ? (a1 * widths[0]! ** 2 + a2 * widths[1]! ** 2) / 4 - Math.log(m) : Infinity;
  };
  const values = (w: number): number[] => [0, ...Array.from({ length: 40 }, (_, k) => (0.02 / (w * w)) * 2 ** (k / 3))];
  let best: [number, number] = [0, 0], bestG = Infinity;
  for (const a1 of values(widths[0]!)) for (const a2 of values(widths[1]!)) {
    const v = g(a1, a2);
    if (v < bestG) { bestG = v; best = [a1, a2]; }
  }
  if (!Number.isFinite(bestG)) return null;
  // Pattern search: additive steps proportional to the current point (and to 1/w^2 near 0).
  let step = 0.25;
  while (step > 1e-4) {
    let moved = false;
    const s1 = step * Math.max(best[0], 0.02 / widths[0]! ** 2), s2 = step * Math.max(best[1], 0.02 / widths[1]! ** 2);
    // Per-axis steps, and equal steps on both axes (the bounds of two boxes often meet on a1 - a2 = const).
    const common = Math.max(s1, s2);
    for (const [d1, d2] of [[s1, 0], [-s1, 0], [0, s2], [0, -s2], [s1, s2], [-s1, -s2], [s1, -s2], [-s1, s2], [common, common], [-common, -common]] as const) {
      const c: [number, number] = [best[0] + d1, best[1] + d2];
      const v = g(c[0], c[1]);
      if (v < bestG - 1e-12) { bestG = v; best = c; moved = true; }
    }
    if (!moved) step /= 2;
  }
  return { lift: best, value: bestG };
}

function halve(box: Box): Box[] {
  const [x, y] = box as [Interval, Interval];
  const mx = 0.5 * x.lo + 0.5 * x.hi, my = 0.5 * y.lo + 0.5 * y.hi;
  return [
    [{ lo: x.lo, hi: mx }, { lo: y.lo, hi: my }], [{ lo: mx, hi: x.hi }, { lo: y.lo, hi: my }],
    [{ lo: x.lo, hi: mx }, { lo: my, hi: y.hi }], [{ lo: mx, hi: x.hi }, { lo: my, hi: y.hi }],
  ];
}

/**
 * The piece for a bounded 2-d cell: the lift and an adaptively refined cover, with the kernel's local
 * constant (Infinity when the kernel refuses it or no lift makes the float model convex).
 */
export function liftCoverPiece(energy: Energy, temperature: number, set: Box, opts: LiftCoverOptions = {}): { piece: PoincarePieceEvidence; constant: number; rounds: number } {
  const n = opts.start ?? 4, maxBoxes = opts.maxBoxes ?? 400, factor = opts.bindingFactor ?? 1.2, tolerance = opts.tolerance ?? 0.01;
  const widths = set.map((c) => c.hi - c.lo);
  let boxes: BoxCurvature[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const cut = (c: Interval, k: number): Interval => ({ lo: k === 0 ? c.lo : c.lo + ((c.hi - c.lo) * k) / n, hi: k + 1 === n ? c.hi : c.lo + ((c.hi - c.lo) * (k + 1)) / n });
    boxes.push(curvature(energy, temperature, [cut(set[0]!, i), cut(set[1]!, j)]));
  }
  let found = bestLift(boxes, widths);
  let rounds = 0;
  for (;;) {
    const lift = found?.lift ?? [0, 0];
    // Without a feasible lift, halve the boxes whose bound is negative at no lift's scale: the least ones.
    const m = leastBound(boxes, lift[0], lift[1]);
    const binding = boxes.filter((b) => {
      const v = boxBound(b, lift[0], lift[1]);
      return m > 0 ? v <= factor * m : v <= m + Math.abs(m) * (factor - 1);
    });
    if (binding.length === 0 || boxes.length + 3 * binding.length > maxBoxes) break;
    const keep = boxes.filter((b) => !binding.includes(b));
    const split = binding.flatMap((b) => halve(b.box).map((s) => curvature(energy, temperature, s)));
    boxes = [...keep, ...split];
    const again = bestLift(boxes, widths);
    rounds++;
    const gain = found === null ? Infinity : again === null ? -Infinity : found.value - again.value;
    if (again !== null) found = again;
    if (gain < tolerance) break;
  }
  const cover = boxes.map((b) => b.box);
  const bump = found ? liftExpression(set, found.lift, temperature) : null;
  const piece: PoincarePieceEvidence = { set, bump, cover };
  const r = checkLocalPoincare(energy.model, temperature, piece, 'set');
  return { piece, constant: r.ok ? r.value.constant : Infinity, rounds };
}
