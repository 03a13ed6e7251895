// The lift-and-cover search for bounded 2-d cells (src/certify/liftCover.ts; untrusted, the kernel's
// checkLocalPoincare decides). bestLift against a closed-form optimum; liftCoverPiece on the ridge
// network of networkGrid.test.ts: a piece the kernel accepts, with the constant the kernel gives it,
// no larger than the ladder search's on a uniform 4 x 4 cover, its cover refined where the curvature binds.
import { describe, expect, it } from 'vitest';
import { energyFromModel } from '../../src/energy/spec.js';
import type { EnergyModel } from '../../src/kernel/model.js';
import { checkLocalPoincare } from '../../src/kernel/checks/poincareDecomposition.js';
import { checkCoversRegion } from '../../src/kernel/checks/cover.js';
import { bestLift, liftCoverPiece, liftExpression } from '../../src/certify/liftCover.js';
import { cellPiece } from '../../src/certify/gridDecomposition.js';

const I = (lo: number, hi: number) => ({ lo, hi });

describe('bestLift', () => {
  it('finds the optimum of (a1 + a2) / 4 - ln min(2 a1 - 1, 2 a2 + 1): a = (2.5, 1.5), value 1 - ln 4', () => {
    // One unit box with hess f = diag(-1, 1): the two bounds meet on a1 = 1 + a2, where the objective is
    // s / 4 - ln s in s = 1 + 2 a2, least at s = 4.
    const r = bestLift([{ box: [I(0, 1), I(0, 1)], h11: -1, h22: 1, h12: 0 }], [1, 1]);
    expect(r).not.toBeNull();
    expect(r!.lift[0]).toBeCloseTo(2.5, 2);
    expect(r!.lift[1]).toBeCloseTo(1.5, 2);
    expect(r!.value).toBeCloseTo(1 - Math.log(4), 4);
  });

  it('reads the off-diagonal: |h12| = 1 on hess f = diag(1, 1) needs a lift of 2 on both axes', () => {
    // By symmetry and convexity a1 = a2 = a, lambda_min = 1 + 2a - 1 = 2a: a / 2 - ln(2 a), least at a = 2.
    // With h12 read as 0 the optimum would be a = 0 (value 0).
    const r = bestLift([{ box: [I(0, 1), I(0, 1)], h11: 1, h22: 1, h12: -1 }], [1, 1]);
    expect(r!.lift[0]).toBeCloseTo(2, 2);
    expect(r!.lift[1]).toBeCloseTo(2, 2);
    expect(r!.value).toBeCloseTo(1 - Math.log(4), 4);
  });

  it('is null when no lift makes every box convex (an unbounded enclosure)', () => {
    expect(bestLift([{ box: [I(0, 1), I(0, 1)], h11: -Infinity, h22: 1, h12: 0 }], [1, 1])).toBeNull();
  });
});

describe('liftExpression', () => {
  it('writes the lift in E-units about the cell centre', () => {
    expect(liftExpression([I(0, 2), I(-1, 3)], [0.5, 2], 2)).toBe('-(1 * (x1 - (1))^2 + 4 * (x2 - (1))^2)');
  });
});

describe('liftCoverPiece', () => {
  // networkGrid.test.ts's ridge: 1.5 tanh(3 x1 + 1.5) - 1.5 tanh(3 x1 - 1.5) + 0.25 |x|^2, T = 0.5.
  const net: EnergyModel = { kind: 'mlp', dim: 2, layers: [
    { inDim: 2, outDim: 2, weight: Float64Array.of(3, 0, 3, 0), bias: Float64Array.of(1.5, -1.5), activation: 'tanh' },
    { inDim: 2, outDim: 1, weight: Float64Array.of(1.5, -1.5), bias: Float64Array.of(0), activation: 'identity' },
  ] };
  const energy = energyFromModel({ kind: 'sum', dim: 2, terms: [{ weight: 1, model: net }, { weight: 1, model: { kind: 'quadratic', dim: 2, lambda: 0.5, center: [0, 0] } }] });
  const T = 0.5;

  it('on the ridge flank: a piece the kernel accepts with the returned constant, below the uniform 4 x 4 ladder search', () => {
    const set = [I(0.2, 1.2), I(-0.5, 0.5)];
    const found = liftCoverPiece(energy, T, set);
    expect(Number.isFinite(found.constant)).toBe(true);
    const kernel = checkLocalPoincare(energy.model, T, found.piece, 'set');
    expect(kernel.ok).toBe(true);
    if (kernel.ok) expect(kernel.value.constant).toBe(found.constant);
    expect(checkCoversRegion(found.piece.cover, set).ok).toBe(true);
    // Refined where the curvature binds: more boxes than the first 4 x 4, not all of the same size.
    expect(found.piece.cover.length).toBeGreaterThan(16);
    const widths = new Set(found.piece.cover.map((b) => b[0]!.hi - b[0]!.lo));
    expect(widths.size).toBeGreaterThan(1);
    const ladder = cellPiece(energy, T, set, { subBoxes: 4, search: 'sampled' });
    expect(found.constant).toBeLessThanOrEqual(ladder.constant);
  });

  it('stops at maxBoxes: the first cover alone when it allows no halving', () => {
    const set = [I(0.2, 1.2), I(-0.5, 0.5)];
    const found = liftCoverPiece(energy, T, set, { maxBoxes: 16 });
    expect(found.piece.cover.length).toBe(16);
    expect(found.rounds).toBe(0);
  });
});
