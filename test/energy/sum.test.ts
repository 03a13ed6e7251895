import { describe, expect, it } from 'vitest';
import { expressionEnergy } from '../../src/energy/expression.js';
import { quadraticEnergy } from '../../src/energy/quadratic.js';
import { sumEnergy } from '../../src/energy/sum.js';
import type { Energy } from '../../src/energy/types.js';
import { InputError } from '../../src/util/errors.js';

describe('weighted sums of energies', () => {
  const a = expressionEnergy('x1^4 + sin(x2)');
  const b = quadraticEnergy(0.5, [1, -2]);
  const s = sumEnergy([{ weight: 2, energy: a }, { weight: -0.25, energy: b }]);
  const x = new Float64Array([0.7, 0.3]);

  it('value, gradient and Hessian are the weighted sums of the terms', () => {
    expect(s.value(x)).toBeCloseTo(2 * (0.7 ** 4 + Math.sin(0.3)) - 0.25 * 0.25 * (0.3 ** 2 + 2.3 ** 2), 14);
    const g = s.gradient(x);
    expect(g[0]).toBeCloseTo(2 * 4 * 0.7 ** 3 - 0.25 * 0.5 * (0.7 - 1), 14);
    expect(g[1]).toBeCloseTo(2 * Math.cos(0.3) - 0.25 * 0.5 * (0.3 + 2), 14);
    const h = s.hessian(x);
    expect(h[0]).toBeCloseTo(2 * 12 * 0.49 - 0.125, 13);
    expect(h[1]).toBe(0);
    expect(h[3]).toBeCloseTo(-2 * Math.sin(0.3) - 0.125, 14);
  });

  it('records the plain-data model and combines flags', () => {
    expect(s.model).toEqual({ kind: 'sum', dim: 2, terms: [{ weight: 2, model: a.model }, { weight: -0.25, model: b.model }] });
    expect(s.twiceDifferentiable).toBe(true);
    const withAbs = sumEnergy([{ weight: 1, energy: s }, { weight: 1, energy: expressionEnergy('abs(x1) + x2') }]);
    expect(withAbs.twiceDifferentiable).toBe(false);
    expect(withAbs.warnings).toHaveLength(1);
  });

  it('accepts any Energy implementation as a term (through its public API)', () => {
    const foreign: Energy = {
      dim: 2, spec: 'foreign', files: [{ path: 'f', sha256: '00' }], model: b.model, twiceDifferentiable: true, warnings: [],
      value: (y) => b.value(y), gradient: (y, out) => b.gradient(y, out), hessian: (y, out) => b.hessian(y, out),
      valueBatch: (ys, n, out) => b.valueBatch(ys, n, out), gradientBatch: (ys, n, out) => b.gradientBatch(ys, n, out),
      hessianBatch: (ys, n, out) => b.hessianBatch(ys, n, out), valueAndGradientBatch: (ys, n, v, g) => b.valueAndGradientBatch(ys, n, v, g),
    };
    const t = sumEnergy([{ weight: 2, energy: a }, { weight: -0.25, energy: foreign }]);
    const xs = new Float64Array([0.7, 0.3, -1, 2]);
    const v = new Float64Array(2);
    const g = new Float64Array(4);
    t.valueAndGradientBatch(xs, 2, v, g);
    expect(Array.from(v)).toEqual(Array.from(s.valueBatch(xs, 2)));
    expect(Array.from(g)).toEqual(Array.from(s.gradientBatch(xs, 2)));
    expect(Array.from(t.hessianBatch(xs, 2))).toEqual(Array.from(s.hessianBatch(xs, 2)));
    expect(t.files).toEqual([{ path: 'f', sha256: '00' }]);
  });

  it('refuses mismatched dimensions, non-finite weights and empty sums', () => {
    expect(() => sumEnergy([{ weight: 1, energy: a }, { weight: 1, energy: quadraticEnergy(1, [0, 0, 0]) }])).toThrow(InputError);
    expect(() => sumEnergy([{ weight: 1, energy: a }, { weight: 1, energy: quadraticEnergy(1, [0, 0, 0]) }])).toThrow(/term 2 .* has dimension 3, term 1 has 2/);
    expect(() => sumEnergy([{ weight: NaN, energy: a }])).toThrow(/weight NaN of term 1 is not finite/);
    expect(() => sumEnergy([])).toThrow(/no terms/);
  });
});

describe('quadratic energy (lambda/2)|x - c|^2', () => {
  it('has exact value, gradient and Hessian', () => {
    const q = quadraticEnergy(3, [1, 2, 3]);
    const x = new Float64Array([2, 2, 1]);
    expect(q.value(x)).toBe(1.5 * (1 + 0 + 4));
    expect(Array.from(q.gradient(x))).toEqual([3, 0, -6]);
    expect(Array.from(q.hessian(x))).toEqual([3, 0, 0, 0, 3, 0, 0, 0, 3]);
    expect(q.model).toEqual({ kind: 'quadratic', dim: 3, lambda: 3, center: [1, 2, 3] });
  });
});
