import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { chooseGrid, fieldOn, gaussianDensityOnGrid, gridBox, logPartition } from '../../../src/diagnostics/grid/grid.js';
import { densityQuantities } from '../../../src/diagnostics/grid/quantities.js';
import { klToCentredGaussian } from '../../../src/diagnostics/grid/gaussianClosedForms.js';
import { doubleWellPotential, gaussianPotential } from './gaussianPotential.js';

describe('grid', () => {
  it('chooses a box holding the sublevel set and the initial law, and ln Z by quadrature matches the exact value', () => {
    const pot = gaussianPotential([0.5, 2], 0.3, [1, -1]);
    const start = { mean: 3, std: 0.5 };
    const chosen = chooseGrid(pot, start, { nodes: 101 });
    const [[xlo, xhi], [ylo, yhi]] = gridBox(chosen.grid);
    expect(xlo).toBeLessThanOrEqual(3 - 7 * 0.5);
    expect(xhi).toBeGreaterThanOrEqual(3 + 7 * 0.5);
    // f < 20 reaches |x - c| = sqrt(40 / 0.5) ~ 8.9 along the flat eigendirection.
    expect(xhi - xlo).toBeGreaterThan(2 * 8);
    expect(yhi - ylo).toBeGreaterThan(2 * 8 * Math.sin(0.3));
    const field = fieldOn(pot, chosen.grid);
    // Z = 2 pi / sqrt(det A) = 2 pi / sqrt(0.5 * 2) = 2 pi.
    const exact = Decimal.acos(-1).times(2).ln().toNumber();
    expect(Math.abs(field.logZ - exact)).toBeLessThan(1e-8);
  });

  it('logPartition survives potentials far from 0', () => {
    const f = new Float64Array([1000, 1001, 1002]);
    const { logZ, fMin } = logPartition(f, 0.5);
    expect(fMin).toBe(1000);
    const ref = new Decimal(-1000).exp().plus(new Decimal(-1001).exp()).plus(new Decimal(-1002).exp()).times(0.5).ln().toNumber();
    expect(logZ).toBeCloseTo(ref, 10);
  });

  it('KL of the gridded initial law matches the closed form, and KL(pi || pi) = 0', () => {
    const a: [number, number] = [1, 3];
    const pot = gaussianPotential(a);
    const start = { mean: 1, std: 0.8 };
    const { grid } = chooseGrid(pot, start, { nodes: 121 });
    const field = fieldOn(pot, grid);
    const q = densityQuantities(field, gaussianDensityOnGrid(grid, start));
    const law = [{ mean: 1, variance: 0.64 }, { mean: 1, variance: 0.64 }];
    expect(Math.abs(q.kl / klToCentredGaussian(a, law) - 1)).toBeLessThan(1e-6);
    expect(q.freeEnergy).toBeCloseTo(q.kl - field.logZ, 12);
    const pi = field.f.map((f) => Math.exp(-f - field.logZ));
    expect(Math.abs(densityQuantities(field, pi).kl)).toBeLessThan(1e-12);
  });

  it('refuses a potential whose Gibbs measure is not confined', () => {
    const flat = { values: (xs: Float64Array, n: number) => new Float64Array(n).map((_, i) => 0.01 * xs[2 * i]!), gradients: () => new Float64Array(), hessians: () => new Float64Array() };
    expect(() => chooseGrid(flat, { mean: 0, std: 1 })).toThrow(/does not look confined/);
    expect(() => chooseGrid(doubleWellPotential(), { mean: 0, std: 1 }, { nodes: 31 })).not.toThrow();
  });
});

describe('tabulated potential', () => {
  it('interpolates a smooth potential to within O(h^3) and is exact on cubic-free quadratics', async () => {
    const { tabulatePotential } = await import('../../../src/diagnostics/grid/tabulated.js');
    const { uniformGrid } = await import('../../../src/diagnostics/grid/grid.js');
    const pot = doubleWellPotential();
    const grid = uniformGrid(-3, 3, -3, 3, 121, 121);
    const tab = tabulatePotential(pot, grid);
    const pts = new Float64Array([0.123, -0.777, 1.31, 2.01, -2.49, 0.05]);
    const exactG = pot.gradients(pts, 3), tabG = tab.gradients(pts, 3);
    const exactH = pot.hessians(pts, 3), tabH = tab.hessians(pts, 3);
    for (let i = 0; i < 6; i++) expect(Math.abs(tabG[i]! - exactG[i]!)).toBeLessThan(1e-3 * Math.max(1, Math.abs(exactG[i]!)));
    for (let i = 0; i < 12; i++) expect(Math.abs(tabH[i]! - exactH[i]!)).toBeLessThan(1e-3 * Math.max(1, Math.abs(exactH[i]!)));
    const q = gaussianPotential([1, 2], 0.4);
    const tq = tabulatePotential(q, uniformGrid(-2, 2, -2, 2, 21, 21));
    const inside = new Float64Array([0.123, -0.777, 1.31, 1.91]);
    const qv = q.values(inside, 2), tv = tq.values(inside, 2);
    for (let i = 0; i < 2; i++) expect(tv[i]!).toBeCloseTo(qv[i]!, 12);
  });
});
