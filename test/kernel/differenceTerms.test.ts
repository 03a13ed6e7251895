// U = E - W with W made of top-level terms of an expression energy (kernel/checks/sumModel.ts,
// kernel/expression.additiveTerms): equal terms cancel exactly, anything else is kept whole.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encloseExpression } from '../../src/kernel/expression.js';
import { add, mul, point, type Interval } from '../../src/kernel/interval.js';
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

const POOL = ['x1^2', 'sin(3*x1)*cos(2*x2)', '0.5*x2', 'tanh(x1 - x2)', '2', 'x1*x2', 'exp(0.1*x1)', '-x2^3'];
type Tree = { text: string };
const treeArb: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(...POOL).map((text) => ({ text })),
    fc.tuple(tie('t'), tie('t'), fc.constantFrom(' + ', ' - ')).map(([a, b, op]) => ({ text: `${a.text}${op}${b.text}` })),
    tie('t').map((a) => ({ text: `(${a.text})` })),
    tie('t').map((a) => ({ text: `-(${a.text})` })),
    tie('t').map((a) => ({ text: `3*(${a.text})` })),
  ),
})).t;

describe('additiveTerms is the same function', () => {
  it('the signed terms add up to the expression at random points', () => {
    fc.assert(
      fc.property(treeArb, fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), (tree, a, b) => {
        const terms = additiveTerms(tree.text);
        if (terms === null) return true; // refusing to split is always sound
        const box = [point(a), point(b)];
        const whole = encloseExpression(tree.text, 2, box).value;
        let sum: Interval = point(0);
        for (const t of terms) sum = add(sum, mul(point(t.sign), encloseExpression(t.source, 2, box).value));
        // both enclose the same real number: they must overlap
        expect(Math.max(whole.lo, sum.lo) <= Math.min(whole.hi, sum.hi), `${tree.text} at (${a}, ${b}): ${JSON.stringify(whole)} vs ${JSON.stringify(sum)}`).toBe(true);
        return true;
      }),
      { numRuns: 300, seed: 12 },
    );
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
