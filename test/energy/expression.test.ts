import fc from 'fast-check';
import { parse } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { expressionEnergy } from '../../src/energy/expression.js';
import { sigmoid, softplus } from '../../src/energy/expression/codegen.js';
import { InputError } from '../../src/util/errors.js';

// Random expression trees from a small grammar that is smooth and finite on [-1.5, 1.5]^3
// (log and sqrt of 1 + u^2, division by 1 + u^2, exp of a damped argument).
const leaf = (dim: number) =>
  fc.oneof(
    fc.integer({ min: 1, max: dim }).map((k) => `x${k}`),
    fc.double({ min: -2, max: 2, noNaN: true }).map((c) => `(${c.toFixed(3)})`),
  );

function expressionArb(dim: number): fc.Arbitrary<string> {
  const { expr } = fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf(dim),
      fc.tuple(fc.constantFrom('exp(0.3*(#))', 'log(1 + (#)^2)', 'sqrt(1 + (#)^2)', 'tanh(#)', 'sigmoid(#)', 'softplus(#)', 'sin(#)', 'cos(#)', '-(#)', '(#)^2', '(#)^3'), tie('expr'))
        .map(([f, a]) => f.replace(/#/g, a)),
      fc.tuple(fc.constantFrom('(#) + (@)', '(#) - (@)', '(#) * (@)', '(#) / (1 + (@)^2)'), tie('expr'), tie('expr'))
        .map(([f, a, b]) => f.replace(/#/g, a).replace(/@/g, b)),
    ),
  }));
  return expr;
}

const point = (dim: number) => fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: dim, maxLength: dim });

function centralDifference(f: (x: Float64Array) => number, x: Float64Array, j: number, h: number): number {
  const xp = Float64Array.from(x);
  const xm = Float64Array.from(x);
  xp[j]! += h;
  xm[j]! -= h;
  return (f(xp) - f(xm)) / (xp[j]! - xm[j]!);
}

const DIM = 3;
const H = 1e-5;
const close = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * (1 + Math.abs(a) + Math.abs(b));

describe('expression energies: compiled value', () => {
  it('agrees with mathjs evaluating the same expression', () => {
    fc.assert(
      fc.property(expressionArb(DIM), point(DIM), (src, p) => {
        const e = expressionEnergy(src, { dim: DIM });
        const scope: Record<string, unknown> = { sigmoid, softplus };
        p.forEach((v, i) => (scope[`x${i + 1}`] = v));
        const reference = parse(src).compile().evaluate(scope) as number;
        const got = e.value(Float64Array.from(p));
        if (!close(got, reference, 1e-12)) throw new Error(`${src} at ${p}: compiled ${got}, mathjs ${reference}`);
      }),
      { seed: 20260526, numRuns: 300 },
    );
  });
});

describe('expression energies: symbolic derivatives vs central finite differences', () => {
  it('gradient', () => {
    fc.assert(
      fc.property(expressionArb(DIM), point(DIM), (src, p) => {
        const e = expressionEnergy(src, { dim: DIM });
        const x = Float64Array.from(p);
        const g = e.gradient(x);
        for (let j = 0; j < DIM; j++) {
          const fd = centralDifference((y) => e.value(y), x, j, H);
          if (!close(g[j]!, fd, 2e-6)) throw new Error(`${src} at ${p}: d/dx${j + 1} symbolic ${g[j]}, finite difference ${fd}`);
        }
      }),
      { seed: 1, numRuns: 300 },
    );
  });

  it('Hessian (finite differences of the gradient), symmetric', () => {
    fc.assert(
      fc.property(expressionArb(DIM), point(DIM), (src, p) => {
        const e = expressionEnergy(src, { dim: DIM });
        const x = Float64Array.from(p);
        const h = e.hessian(x);
        for (let i = 0; i < DIM; i++)
          for (let j = 0; j < DIM; j++) {
            expect(h[i * DIM + j]).toBe(h[j * DIM + i]);
            const fd = centralDifference((y) => e.gradient(y)[i]!, x, j, H);
            if (!close(h[i * DIM + j]!, fd, 2e-6)) throw new Error(`${src} at ${p}: H[${i}][${j}] symbolic ${h[i * DIM + j]}, finite difference ${fd}`);
          }
      }),
      { seed: 2, numRuns: 200 },
    );
  });

  it('batched evaluation equals single-point evaluation, bit for bit', () => {
    fc.assert(
      fc.property(expressionArb(2), fc.array(point(2), { minLength: 1, maxLength: 5 }), (src, pts) => {
        const e = expressionEnergy(src, { dim: 2 });
        const n = pts.length;
        const xs = Float64Array.from(pts.flat());
        const values = new Float64Array(n);
        const grads = new Float64Array(2 * n);
        e.valueAndGradientBatch(xs, n, values, grads);
        const hs = e.hessianBatch(xs, n);
        const vb = e.valueBatch(xs, n);
        pts.forEach((p, i) => {
          const x = Float64Array.from(p);
          expect(values[i]).toBe(e.value(x));
          expect(vb[i]).toBe(e.value(x));
          expect(Array.from(grads.subarray(2 * i, 2 * i + 2))).toEqual(Array.from(e.gradient(x)));
          expect(Array.from(hs.subarray(4 * i, 4 * i + 4))).toEqual(Array.from(e.hessian(x)));
        });
      }),
      { seed: 3, numRuns: 50 },
    );
  });
});

describe('expression energies: known cases', () => {
  it('a quadratic has its exact gradient and constant Hessian', () => {
    const e = expressionEnergy('0.5*(4*x1^2 + x2^2)');
    expect(e.dim).toBe(2);
    expect(e.model).toEqual({ kind: 'expression', dim: 2, source: '0.5*(4*x1^2 + x2^2)' });
    expect(Array.from(e.gradient(new Float64Array([0.5, -2])))).toEqual([2, -2]);
    expect(Array.from(e.hessian(new Float64Array([0.5, -2])))).toEqual([4, 0, 0, 1]);
    expect(e.twiceDifferentiable).toBe(true);
  });

  it('sigmoid and softplus stay finite far out, with derivatives that do too', () => {
    const e = expressionEnergy('softplus(x1) + sigmoid(x1)');
    for (const x of [-800, -40, 0, 40, 800]) {
      const p = new Float64Array([x]);
      expect(Number.isFinite(e.value(p))).toBe(true);
      expect(Number.isFinite(e.gradient(p)[0]!)).toBe(true);
      expect(Number.isFinite(e.hessian(p)[0]!)).toBe(true);
    }
    expect(e.value(new Float64Array([800]))).toBe(800 + 1);
    expect(e.gradient(new Float64Array([0]))[0]).toBe(0.5 + 0.25);
  });

  it('abs has gradient sign(x) (0 at 0, not NaN) and is flagged as not twice differentiable', () => {
    const e = expressionEnergy('abs(x1) + x2^2');
    expect(Array.from(e.gradient(new Float64Array([0, 1])))).toEqual([0, 2]);
    expect(Array.from(e.gradient(new Float64Array([-3, 1])))).toEqual([-1, 2]);
    expect(e.twiceDifferentiable).toBe(false);
    expect(e.warnings.join(' ')).toMatch(/abs/);
  });

  it('the dimension is the largest xk used, or the explicit option', () => {
    expect(expressionEnergy('x3^2').dim).toBe(3);
    expect(expressionEnergy('x1^2', { dim: 4 }).dim).toBe(4);
    expect(Array.from(expressionEnergy('x1^2', { dim: 3 }).gradient(new Float64Array([1, 5, 7])))).toEqual([2, 0, 0]);
  });
});

describe('expression energies: bad input names the expression and the problem', () => {
  const cases: [string, RegExp][] = [
    ['x1+y', /^expr:x1\+y: unknown variable y \(use x1\.\.xd\)$/],
    ['x1+', /^expr:x1\+: malformed expression/],
    ['foo(x1)', /^expr:foo\(x1\): unknown function foo/],
    ['x1 > 2', /unsupported operator >/],
    ['a = 3', /unsupported syntax/],
    ['[x1, 2]', /unsupported syntax/],
    ['x0 + x1', /unknown variable x0/],
    ['pi * x1', /unknown variable pi/],
    ['log(x1, 2)', /log takes one argument, got 2/],
    ['"a" + x1', /unsupported constant/],
    ['2', /uses no variable/],
    ['', /empty expression/],
    ['x1 + y + z', /unknown variable y.*unknown variable z/],
  ];
  for (const [src, message] of cases)
    it(JSON.stringify(src), () => {
      let thrown: unknown;
      try {
        expressionEnergy(src);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(InputError);
      expect((thrown as Error).message).toMatch(message);
      expect((thrown as Error).message.split('\n')).toHaveLength(1);
    });

  it('an explicit dimension smaller than the largest variable is refused', () => {
    expect(() => expressionEnergy('x3', { dim: 2 })).toThrow(/uses x3 but the dimension is 2/);
  });
});
