import { describe, expect, it } from 'vitest';
import { energyFromModel } from '../../../src/energy/spec.js';
import type { EnergyModel, MlpLayer } from '../../../src/kernel/model.js';
import { batchedOracle, oracleForModel } from '../../../src/langevin/oracles/batched.js';

const layer = (inDim: number, outDim: number, activation: MlpLayer['activation'], seed: number): MlpLayer => ({
  inDim, outDim, activation,
  weight: Float64Array.from({ length: inDim * outDim }, (_, k) => Math.sin(seed + 1.3 * k)),
  bias: Float64Array.from({ length: outDim }, (_, k) => 0.1 * Math.cos(seed + k)),
});

const net: EnergyModel = { kind: 'mlp', dim: 2, layers: [layer(2, 8, 'tanh', 1), layer(8, 8, 'softplus', 2), layer(8, 1, 'identity', 3)] };
const withRegularizer: EnergyModel = {
  kind: 'sum', dim: 2,
  terms: [{ weight: 1, model: net }, { weight: 0.5, model: { kind: 'quadratic', dim: 2, lambda: 0.2, center: [1, -1] } }],
};

describe('batchedOracle', () => {
  it('agrees with the float64 Energy evaluator for a network plus a weighted quadratic', () => {
    const energy = energyFromModel(withRegularizer);
    const oracle = batchedOracle(energy);
    expect(oracle).not.toBe(energy);
    const n = 50;
    const xs = Float64Array.from({ length: 2 * n }, (_, k) => 3 * Math.sin(0.37 * k + 0.1));
    const [v1, g1, v2, g2] = [new Float64Array(n), new Float64Array(2 * n), new Float64Array(n), new Float64Array(2 * n)];
    energy.valueAndGradientBatch(xs, n, v1, g1);
    oracle.valueAndGradientBatch(xs, n, v2, g2);
    for (let i = 0; i < n; i++) expect(Math.abs(v1[i]! - v2[i]!)).toBeLessThan(1e-13 * (1 + Math.abs(v1[i]!)));
    for (let k = 0; k < 2 * n; k++) expect(Math.abs(g1[k]! - g2[k]!)).toBeLessThan(1e-13 * (1 + Math.abs(g1[k]!)));
  });

  it('the quadratic term alone is exact: (lambda/2)|x - c|^2 and lambda (x - c)', () => {
    const o = oracleForModel({ kind: 'quadratic', dim: 2, lambda: 0.5, center: [1, -2] })!;
    const v = new Float64Array(1);
    const g = new Float64Array(2);
    o.valueAndGradientBatch(Float64Array.of(3, 2), 1, v, g);
    expect(v[0]).toBe(0.25 * (4 + 16));
    expect(Array.from(g)).toEqual([1, 2]);
  });

  it('falls back to the Energy itself for expressions (and sums containing them)', () => {
    const e = energyFromModel({ kind: 'expression', dim: 1, source: 'x1^2' });
    expect(batchedOracle(e)).toBe(e);
    expect(oracleForModel({ kind: 'sum', dim: 1, terms: [{ weight: 1, model: { kind: 'expression', dim: 1, source: 'x1^2' } }] })).toBeUndefined();
  });
});
