// Expression enclosures: random expressions from a grammar, random boxes (points, bounded and
// unbounded), random points inside; value, gradient and Hessian must contain the 60-digit
// decimal evaluation of the expression and of mathjs's symbolic derivatives.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { compileExpressionEnclosure, encloseExpression, ExpressionError } from '../../src/kernel/expression.js';
import { interval, IntervalDomainError, point, width, type Interval } from '../../src/kernel/interval.js';
import { DEXACT, describeMiss, encloses, exactDecimal } from './intervalReference.js';
import { referenceExpression } from './expressionReference.js';
import { containsReference, coordinate, expressionArbitrary, pointsIn, type Expr, type Grammar } from './expressionArbitraries.js';

const unary: ((a: Expr) => Expr)[] = [
  (a) => ({ k: `-(${a.k})`, r: `-(${a.r})` }),
  (a) => ({ k: `exp(${a.k})`, r: `exp(${a.r})` }),
  (a) => ({ k: `tanh(${a.k})`, r: `tanh(${a.r})` }),
  (a) => ({ k: `sigmoid(${a.k})`, r: `1 / (1 + exp(-(${a.r})))` }),
  (a) => ({ k: `softplus(${a.k})`, r: `log(1 + exp(${a.r}))` }),
  (a) => ({ k: `sin(${a.k})`, r: `sin(${a.r})` }),
  (a) => ({ k: `cos(${a.k})`, r: `cos(${a.r})` }),
  (a) => ({ k: `abs(${a.k})`, r: `abs(${a.r})` }),
  (a) => ({ k: `log(1 + (${a.k})^2)`, r: `log(1 + (${a.r})^2)` }),
  (a) => ({ k: `sqrt((${a.k})^2 + 0.5)`, r: `sqrt((${a.r})^2 + 0.5)` }),
  (a) => ({ k: `((${a.k})^2 + 1)^1.5`, r: `((${a.r})^2 + 1)^1.5` }),
  (a) => ({ k: `((${a.k})^2 + 0.1)^(-0.5)`, r: `((${a.r})^2 + 0.1)^(-0.5)` }),
  (a) => ({ k: `(${a.k})*(${a.k})`, r: `(${a.r})*(${a.r})` }),
  (a) => ({ k: `log(${a.k})`, r: `log(${a.r})` }), // may leave the domain: a refusal is allowed
];
const powers = fc.constantFrom(0, 1, 2, 3, 4, -1, -2);
const binary: ((a: Expr, b: Expr) => Expr)[] = [
  (a, b) => ({ k: `(${a.k}) + (${b.k})`, r: `(${a.r}) + (${b.r})` }),
  (a, b) => ({ k: `(${a.k}) - (${b.k})`, r: `(${a.r}) - (${b.r})` }),
  (a, b) => ({ k: `(${a.k}) * (${b.k})`, r: `(${a.r}) * (${b.r})` }),
  (a, b) => ({ k: `(${a.k}) / (1 + (${b.k})^2)`, r: `(${a.r}) / (1 + (${b.r})^2)` }),
  (a, b) => ({ k: `(${a.k}) / (${b.k})`, r: `(${a.r}) / (${b.r})` }),
  (a, b) => ({ k: `((${a.k})^2 + 1)^(sin(${b.k}))`, r: `((${a.r})^2 + 1)^(sin(${b.r}))` }),
];

// Long expressions make mathjs's unsimplified second derivatives (the reference) very large.
const grammar: Grammar = { unary, binary, powers, maxLength: 100 };

describe('expression enclosures are sound', () => {
  for (const dim of [1, 2, 3]) {
    it(`random expressions in ${dim} variable(s)`, () => {
      let evaluated = 0;
      let refused = 0;
      fc.assert(
        fc.property(expressionArbitrary(dim, grammar), fc.array(coordinate, { minLength: dim, maxLength: dim }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 1 }), (expr, box, fractions) => {
          let enclosure;
          try {
            enclosure = encloseExpression(expr.k, dim, box);
          } catch (e) {
            if (e instanceof IntervalDomainError) {
              refused++;
              return true; // refusing a box where a function leaves its domain is sound
            }
            throw e;
          }
          evaluated++;
          const ref = referenceExpression(expr.r, dim);
          for (const p of pointsIn(box, [0, 1, ...fractions])) {
            const checks: [string, Interval, () => Decimal][] = [['value', enclosure.value, () => ref.value(p)]];
            for (let i = 0; i < dim; i++) {
              checks.push([`gradient[${i}]`, enclosure.gradient[i]!, () => ref.gradient[i]!(p)]);
              for (let j = 0; j < dim; j++) checks.push([`hessian[${i}][${j}]`, enclosure.hessian[i]![j]!, () => ref.hessian[i]![j]!(p)]);
            }
            for (const [what, enc, exact] of checks) {
              const r = exact();
              if (!r.isFinite()) continue; // the reference itself is undefined there (a pole, 0/0 of abs')
              if (!containsReference(enc, r)) {
                throw new Error(`${expr.k} on ${JSON.stringify(box)} at ${JSON.stringify(p)}: ${what} exact ${r.toSignificantDigits(20)} not in [${enc.lo}, ${enc.hi}]`);
              }
            }
          }
          return true;
        }),
        { numRuns: dim === 1 ? 45 : dim === 2 ? 30 : 20 },
      );
      expect(evaluated).toBeGreaterThan(2 * refused);
    });
  }
});

describe('expression enclosures are tight', () => {
  it('squares are never negative, exact where they should be', () => {
    expect(encloseExpression('x1^2', 1, [interval(-1, 2)]).value).toEqual({ lo: 0, hi: 4 });
    expect(encloseExpression('x1*x1', 1, [interval(-1, 2)]).value).toEqual({ lo: 0, hi: 4 });
    expect(encloseExpression('(x1 - x2) * (x1 - x2)', 2, [interval(-1, 1), interval(-1, 1)]).value.lo).toBe(0);
    expect(encloseExpression('x1^4', 1, [interval(-2, 2)]).value).toEqual({ lo: 0, hi: 16 });
    const q = encloseExpression('0.5*(4*x1^2 + x2^2)', 2, [interval(-1, 2), interval(-3, 3)]);
    expect(q.value).toEqual({ lo: 0, hi: 12.5 });
    expect(q.hessian).toEqual([[{ lo: 4, hi: 4 }, { lo: 0, hi: 0 }], [{ lo: 0, hi: 0 }, { lo: 1, hi: 1 }]]);
  });
  it('decimal literals are enclosed, not rounded', () => {
    const v = encloseExpression('0.1 * x1', 1, [point(1)]).value;
    expect(v).toEqual({ lo: 0.09999999999999999, hi: 0.1 });
    // The double 0.1 exceeds the decimal 0.1 by 5.6e-18: the enclosure must not claim 0.
    expect(encloseExpression('x1 - 0.1', 1, [point(0.1)]).value.hi).toBeGreaterThan(5e-18);
    const pi = encloseExpression('pi + 0*x1', 1, [point(0)]).value;
    expect(pi.lo).toBe(Math.PI);
    expect(pi.hi).toBeGreaterThan(Math.PI);
  });
  it('widths shrink at least linearly on boxes shrinking to a point', () => {
    const sources = ['tanh(x1*x2) + exp(0.3*x1) - sin(pi*x2)/3', 'sqrt(x1^2 + x2^2 + 1) * softplus(x1 - x2)', '(x1^2 + 1)^1.5 / (1 + x2^2) + abs(x1 - 0.2)', 'sigmoid(x1)^3 + log(1 + x2^2) * cos(x1)'];
    for (const source of sources) {
      const f = compileExpressionEnclosure(source, 2);
      const centre = [0.7, -0.4];
      const ratios = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6].map((h) => {
        const e = f(centre.map((c) => interval(c - h, c + h)));
        const widest = Math.max(width(e.value), ...e.gradient.map(width), ...e.hessian.flat().map(width));
        return widest / h;
      });
      for (const ratio of ratios.slice(1)) expect(ratio).toBeLessThanOrEqual(ratios[0]! * 1.5 + 1e-6);
    }
  });
  it('powers with special bases and exponents', () => {
    const half = encloseExpression('x1^0.5', 1, [point(4)]);
    expect(half.value).toEqual({ lo: 2, hi: 2 });
    expect(half.gradient[0]!.lo).toBeLessThanOrEqual(0.25);
    expect(half.gradient[0]!.hi).toBeGreaterThanOrEqual(0.25);
    const ex = encloseExpression('e^x1', 1, [point(1)]);
    expect(ex.value.lo).toBeLessThan(Math.E + 1e-15);
    expect(ex.value.hi - ex.value.lo).toBeLessThan(1e-14);
    const vp = encloseExpression('x1^x2', 2, [point(2), point(3)]);
    expect(vp.value.lo).toBeLessThanOrEqual(8);
    expect(vp.value.hi).toBeGreaterThanOrEqual(8);
    expect(vp.value.hi - vp.value.lo).toBeLessThan(1e-12);
    expect(() => encloseExpression('x1^x2', 2, [interval(-1, 1), point(3)])).toThrow(IntervalDomainError);
  });
  it('unbounded boxes work where the functions allow them', () => {
    const e = encloseExpression('tanh(x1) + sigmoid(x2)', 2, [interval(-Infinity, Infinity), interval(0, Infinity)]);
    expect(e.value.lo).toBeGreaterThanOrEqual(-1.0000001);
    expect(e.value.hi).toBeLessThanOrEqual(2.0000001);
    expect(e.gradient[0]).toEqual({ lo: 0, hi: 1 });
    const q = encloseExpression('x1^2', 1, [interval(3, Infinity)]);
    expect(q.value).toEqual({ lo: 9, hi: Infinity });
  });
});

describe('errors', () => {
  it('every unsupported piece is named in one error', () => {
    const run = () => encloseExpression('x1 % 2 + foo(x1) + y + x3 + x1! + log(x1, 2)', 2, [point(1), point(1)]);
    expect(run).toThrow(ExpressionError);
    expect(run).toThrow(/operator %.*function foo.*symbol y.*variable x3 \(the dimension is 2\).*operator !.*log with 2 arguments/);
  });
  it('syntax errors, bad dimensions and bad boxes are clear', () => {
    expect(() => encloseExpression('x1 +* 2', 1, [point(1)])).toThrow(/expression "x1 \+\* 2": /);
    expect(() => encloseExpression('x1', 0, [])).toThrow(/dimension 0 is not a positive integer/);
    expect(() => encloseExpression('x1', 2, [point(1)])).toThrow(/box has 1 coordinates, expected 2/);
    expect(() => encloseExpression('x1', 1, [{ lo: 2, hi: 1 }])).toThrow(/not a non-empty interval/);
  });
  it('domain errors are never silent', () => {
    expect(() => encloseExpression('log(x1)', 1, [interval(-1, 1)])).toThrow(IntervalDomainError);
    expect(() => encloseExpression('sqrt(x1)', 1, [interval(-1, 1)])).toThrow(IntervalDomainError);
    expect(() => encloseExpression('x1^0.5', 1, [interval(-1, 1)])).toThrow(IntervalDomainError);
    expect(() => encloseExpression('1/x1', 1, [point(0)])).toThrow(IntervalDomainError);
    expect(encloseExpression('1/x1', 1, [interval(-1, 1)]).value).toEqual({ lo: -Infinity, hi: Infinity });
  });
});

describe('integer powers: exponents and coefficients are exact', () => {
  /** x^n, n x^(n-1), n(n-1) x^(n-2) at an integer point x, in BigInt (the exact reference; x = +-1 for n < 2). */
  function exactPowerDerivatives(x: bigint, n: bigint): [bigint, bigint, bigint] {
    const p = (k: bigint): bigint => (k >= 0n ? x ** k : x ** -k); // x^-k = x^k for x = +-1
    return [p(n), n * p(n - 1n), n * (n - 1n) * p(n - 2n)];
  }
  function expectEncloses(what: string, r: Interval, exact: bigint): void {
    expect(encloses(r, new DEXACT(exact.toString())), describeMiss(what, r, new DEXACT(exact.toString()))).toBe(true);
  }
  const cases: [string, bigint, bigint][] = [
    // n(n-1) = 1000000005000000006 is not a double: the old float product gave ...000 (below it).
    ['x1^1000000003', 1n, 1000000003n],
    // n - 1 rounds to an even double: the old gradient at -1 had the wrong sign.
    ['x1^9007199254740994', -1n, 9007199254740994n],
    // n is not a double: its enclosure [2^53, 2^53 + 2] is not a point, the literal is still odd.
    ['x1^9007199254740993', -1n, 9007199254740993n],
    ['x1^(-(9007199254740993))', -1n, -9007199254740993n],
    ['x1^94906267', -1n, 94906267n], // n(n-1) just above 2^53
    ['x1^7', 2n, 7n],
  ];
  for (const [source, x, n] of cases) {
    it(`${source} at x1 = ${x} contains the BigInt value, gradient and second derivative`, () => {
      const e = encloseExpression(source, 1, [point(Number(x))]);
      const [v, d1, d2] = exactPowerDerivatives(x, n);
      expectEncloses('value', e.value, v);
      expectEncloses('gradient', e.gradient[0]!, d1);
      expectEncloses('hessian', e.hessian[0]![0]!, d2);
    });
  }
  it('the coefficient n(n-1) is enclosed tightly (one ulp), not just widened', () => {
    const d2 = encloseExpression('x1^1000000003', 1, [point(1)]).hessian[0]![0]!;
    expect(d2).toEqual({ lo: 1000000005000000000, hi: 1000000005000000128 });
    const g = encloseExpression('x1^9007199254740994', 1, [point(-1)]).gradient[0]!;
    expect(g).toEqual({ lo: -9007199254740994, hi: -9007199254740994 });
  });
  it('x^-3 at 2 encloses 1/8, -3/16 and 12/32 exactly', () => {
    const e = encloseExpression('x1^(-3)', 1, [point(2)]);
    expect(e.value).toEqual({ lo: 0.125, hi: 0.125 });
    expect(e.gradient[0]).toEqual({ lo: -0.1875, hi: -0.1875 });
    expect(e.hessian[0]![0]).toEqual({ lo: 0.375, hi: 0.375 });
  });
  it('exponents above 2^32 are not truncated to 32 bits', () => {
    // (1 + 2^-52)^(2^32) = exp(2^32 log(1 + 2^-52)) ~ 1 + 2^-20: well above 1.
    const x = 1 + Number.EPSILON;
    const e = encloseExpression('x1^4294967296', 1, [point(x)]);
    const exact = exactDecimal(x).pow(4294967296);
    expect(encloses(e.value, exact), describeMiss('value', e.value, exact)).toBe(true);
    expect(encloseExpression('x1^4294967296', 1, [point(2)]).value.hi).toBe(Infinity);
  });
});
