import { describe, expect, it } from 'vitest';
import type { EnergyModel } from '../../../src/kernel/model.js';
import { isExactlyQuadratic } from '../../../src/kernel/stopping/quadraticStructure.js';

const expr = (source: string, dim = 2): EnergyModel => ({ kind: 'expression', dim, source });

describe('isExactlyQuadratic', () => {
  it('accepts polynomials of degree <= 2', () => {
    for (const source of ['0.5*(4*x1^2 + x2^2)', 'x1^2 + x1*x2 + 3*x2 - 1', '(x1 + x2)^2 / 2', 'x1^2 + sin(0.5)*x2', '-(x1 - 1)^2 * -2', '7', 'x1^0 * x2^2', '2x1 x2']) {
      expect(isExactlyQuadratic(expr(source)), source).toBe(true);
    }
  });

  it('rejects everything else, including tiny non-quadratic terms and unparsable input', () => {
    for (const source of ['x1^3', '(x1^2)^2', 'x1^2 + 1e-17*sin(x1)', 'exp(x1)', 'x1/x2', 'x1^2.5', 'x1^(1+1)', 'abs(x1)^2', 'x1^-2', 'x1^2 +', 'x1^x2']) {
      expect(isExactlyQuadratic(expr(source)), source).toBe(false);
    }
  });

  it('judges the exponent exactly, as the enclosure does: 2.0000000000000001 is not 2', async () => {
    // A number parse rounds 2.0000000000000001 to 2 (degree 2); the exact literal is a real power.
    expect(isExactlyQuadratic(expr('x1^2.0000000000000001'))).toBe(false);
    expect(isExactlyQuadratic(expr('x1^2.000'))).toBe(true);
    // Beyond mathjs's 64-digit BigNumber precision too: the constructor keeps every digit.
    expect(isExactlyQuadratic(expr(`x1^2.${'0'.repeat(80)}1`))).toBe(false);
    expect(isExactlyQuadratic(expr('x1^(+2)'))).toBe(true);
    expect(isExactlyQuadratic(expr('x1^200e-2'))).toBe(true);
    // The enclosure walker reads the same literal the same way: not the point 2.
    const { encloseExpression } = await import('../../../src/kernel/expression.js');
    const { interval } = await import('../../../src/kernel/interval.js');
    expect(() => encloseExpression('x1^2.0000000000000001', 1, [interval(-1, 1)])).toThrow(/negative/);
    expect(encloseExpression('x1^2.000', 1, [interval(-1, 1)]).value).toEqual({ lo: 0, hi: 1 });
  });

  it('handles quadratic, sum and network models', () => {
    const quad: EnergyModel = { kind: 'quadratic', dim: 2, lambda: 0.1, center: [0, 0] };
    const layer = (activation: 'identity' | 'tanh') => ({ inDim: 2, outDim: 1, weight: new Float64Array(2), bias: new Float64Array(1), activation });
    const linearNet: EnergyModel = { kind: 'mlp', dim: 2, layers: [layer('identity')] };
    const tanhNet: EnergyModel = { kind: 'mlp', dim: 2, layers: [layer('tanh')] };
    expect(isExactlyQuadratic({ kind: 'sum', dim: 2, terms: [{ weight: 1, model: quad }, { weight: 2, model: expr('x1*x2') }] })).toBe(true);
    expect(isExactlyQuadratic({ kind: 'sum', dim: 2, terms: [{ weight: 1, model: quad }, { weight: 1, model: linearNet }] })).toBe(true);
    expect(isExactlyQuadratic({ kind: 'sum', dim: 2, terms: [{ weight: 1, model: quad }, { weight: 1, model: tanhNet }] })).toBe(false);
  });
});

describe('polynomialDegree, node by node', () => {
  it('accepts: a unary plus, a power of constants, a zeroth power of anything, variables with two digits', () => {
    for (const source of ['+x1^2', '2^0.5 * x1^2', 'sin(x1)^0 + x2', 'x1^2 - x2', '2^3 * x1 * x2']) expect(isExactlyQuadratic(expr(source)), source).toBe(true);
    expect(isExactlyQuadratic(expr('x12^2 + x3', 12))).toBe(true);
  });

  // (5 mod 3) is a constant, but operators it does not know are not read at all (conservative).
  it('rejects: products of degree 3, a variable exponent on a constant, functions of a variable, names that only contain x1', () => {
    for (const source of ['x1*x1*x1', '2*x1^2*x2', '2^x1', 'max(2, x1)', 'atan2(1, x1)', 'ax1^2', 'x1a^2', 'x0^2', 'pi * x1^2', 'true * x1^2', 'x1 mod 2', '(5 mod 3) * x1^2', 'x1 > 0 ? x1^2 : 0'])
      expect(isExactlyQuadratic(expr(source)), source).toBe(false);
  });

  it('a network is affine only when every layer is the identity', () => {
    const layer = (inDim: number, outDim: number, activation: 'identity' | 'tanh') => ({ inDim, outDim, weight: new Float64Array(inDim * outDim), bias: new Float64Array(outDim), activation });
    expect(isExactlyQuadratic({ kind: 'mlp', dim: 2, layers: [layer(2, 2, 'identity'), layer(2, 1, 'identity')] })).toBe(true);
    expect(isExactlyQuadratic({ kind: 'mlp', dim: 2, layers: [layer(2, 2, 'identity'), layer(2, 1, 'tanh')] })).toBe(false);
    expect(isExactlyQuadratic({ kind: 'mlp', dim: 2, layers: [layer(2, 2, 'tanh'), layer(2, 1, 'identity')] })).toBe(false);
  });
});
