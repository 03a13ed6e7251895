// U = E - W with W made of top-level terms of an expression energy (kernel/checks/sumModel.ts,
// kernel/expression.additiveTerms): equal terms cancel exactly, anything else is kept whole.
import { describe, expect, it } from 'vitest';
import { additiveTerms } from '../../src/kernel/expression.js';
import { differenceModel } from '../../src/kernel/checks/sumModel.js';
import { checkLsiDecomposition } from '../../src/kernel/checks/lsi.js';
import type { EnergyModel } from '../../src/kernel/model.js';

const expr = (source: string): EnergyModel => ({ kind: 'expression', dim: 2, source });
const E = expr('x1^2 + x2^2 + sin(3*x1)*cos(2*x2)');
const whole = [[{ lo: -Infinity, hi: Infinity }, { lo: -Infinity, hi: Infinity }]];

describe('additiveTerms', () => {
  it('reads signed top-level terms through +, -, unary minus and parentheses', () => {
    expect(additiveTerms('x1^2 - (x2 - sin(x1)) + -(3*x2)')).toEqual([
      { sign: 1, source: 'x1 ^ 2' },
      { sign: -1, source: 'x2' },
      { sign: 1, source: 'sin(x1)' },
      { sign: -1, source: '3 * x2' },
    ]);
  });
  it('refuses a term whose text does not re-parse to the same subtree', () => {
    expect(additiveTerms('x1^2 + 2^-x1')).toBeNull();
    expect(additiveTerms('x1 +* 2')).toBeNull();
  });
});

describe('differenceModel with expression terms', () => {
  it('cancels W = a term of E exactly, whatever its spacing', () => {
    for (const w of ['sin(3*x1)*cos(2*x2)', 'sin(3 * x1) * cos(2 * x2)', '(sin(3*x1)*cos(2*x2))']) {
      const u = differenceModel(E, expr(w));
      expect(u.kind === 'sum' && u.terms.map((t) => [t.weight, (t.model as { source: string }).source])).toEqual([
        [1, 'x1 ^ 2'],
        [1, 'x2 ^ 2'],
      ]);
    }
    const r = checkLsiDecomposition(E, 1, expr('sin(3*x1)*cos(2*x2)'), whole);
    expect(r.ok && r.value.m).toBeGreaterThan(2 * (1 - 1e-12));
    expect(r.ok && r.value.osc).toBeLessThanOrEqual(2 * (1 + 1e-12));
    expect(r.ok && r.value.alpha).toBeGreaterThan(2 * Math.exp(-2) * (1 - 1e-12));
  });

  it('keeps E whole when W is not a sum of its terms (no false cancellation)', () => {
    for (const w of ['2*sin(3*x1)*cos(2*x2)', 'sin(3*x1)*cos(2*x2) + x1', 'sin(3*x1)*cos(x2)', '-(sin(3*x1)*cos(2*x2))']) {
      const u = differenceModel(E, expr(w));
      expect(u.kind === 'sum' && u.terms.map((t) => [t.weight, (t.model as { source: string }).source])).toEqual([
        [1, E.kind === 'expression' ? E.source : ''],
        [-1, w],
      ]);
      const r = checkLsiDecomposition(E, 1, expr(w), whole);
      // hess U on the whole plane is not certified positive: nothing cancels
      expect(r.ok && r.value.alpha).toBe(0);
    }
  });

  it('cancels with signs and weights of sum energies', () => {
    const sum: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 1, model: expr('x1^2 - cos(x1 + x2)') }, { weight: 0.5, model: expr('x2^2') }] };
    const u = differenceModel(sum, expr('-cos(x1 + x2)'));
    expect(u.kind === 'sum' && u.terms.map((t) => [t.weight, (t.model as { source: string }).source])).toEqual([
      [1, 'x1 ^ 2'],
      [0.5, 'x2 ^ 2'],
    ]);
  });
});
