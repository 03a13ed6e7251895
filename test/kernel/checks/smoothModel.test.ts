import { describe, expect, it } from 'vitest';
import { nonSmoothPart } from '../../../src/kernel/checks/smoothModel.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import { expr, regularizer, tanhLayers, tanhNet } from './helpers.js';

describe('nonSmoothPart', () => {
  it('refuses every function with a kink or a jump, with or without a space before the parenthesis', () => {
    for (const fn of ['abs', 'max', 'min', 'sign', 'floor', 'ceil', 'round', 'fix', 'mod']) {
      const args = fn === 'max' || fn === 'min' || fn === 'mod' ? 'x1, x2' : 'x1';
      expect(nonSmoothPart(expr(`x2^2 + ${fn}(${args})`)), fn).toBe(`the expression uses ${fn}(), which is not twice differentiable`);
      expect(nonSmoothPart(expr(`x2^2 + ${fn} (${args})`)), fn).toMatch(/not twice differentiable/);
    }
  });

  it('accepts smooth expressions, including names that contain a refused one', () => {
    for (const source of ['x1^2 + sin(x2)', 'exp(x1) + cosh(x2)', 'x1^2 + x2^2', 'tanh(x1) + x2^2']) expect(nonSmoothPart(expr(source)), source).toBeUndefined();
  });

  it('finds a relu layer and names it (1-based), accepts smooth networks and quadratics', () => {
    expect(nonSmoothPart(tanhNet)).toBeUndefined();
    expect(nonSmoothPart(regularizer(1))).toBeUndefined();
    const second: EnergyModel = { kind: 'mlp', dim: 2, layers: [tanhLayers[0]!, { ...tanhLayers[1]!, activation: 'relu' }] };
    expect(nonSmoothPart(second)).toBe('layer 2 uses relu, which is not twice differentiable');
    const first: EnergyModel = { kind: 'mlp', dim: 2, layers: [{ ...tanhLayers[0]!, activation: 'relu' }, tanhLayers[1]!] };
    expect(nonSmoothPart(first)).toBe('layer 1 uses relu, which is not twice differentiable');
  });

  it('looks into every term of a sum', () => {
    const smooth: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 1, model: tanhNet }, { weight: 2, model: regularizer(1) }] };
    expect(nonSmoothPart(smooth)).toBeUndefined();
    const rough: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 1, model: regularizer(1) }, { weight: 1, model: expr('abs(x1)') }] };
    expect(nonSmoothPart(rough)).toMatch(/abs\(\)/);
  });
});
