// The curvature form of the Hessian (src/kernel/curvature.ts, Dual.curv): its eigenvalue bounds must
// contain the eigenvalues of the 60-digit Hessian (mathjs symbolic derivatives, decimal.js) at points
// of the box, on bounded and unbounded boxes; and it must keep the curvature of convex functions
// of linear forms that interval matrices lose.
import { describe, expect, it } from 'vitest';
import type { Decimal } from 'decimal.js';
import { curvatureEigenBounds, encloseCurvature } from '../../src/kernel/curvature.js';
import { boxMinEigenvalue } from '../../src/kernel/checks/lsi.js';
import { boxSpectralRadius } from '../../src/kernel/checks/smoothness.js';
import type { EnergyModel } from '../../src/kernel/model.js';
import type { Interval } from '../../src/kernel/interval.js';
import { referenceExpression } from './expressionReference.js';
import { D60 } from './intervalReference.js';

/** Kernel source and the same function for the reference (softplus, sigmoid spelled out). */
const EXPRESSIONS: [string, string][] = [
  ['0.5*(x1^2 + x2^2) + 2*softplus(2*x1 - x2)', '0.5*(x1^2 + x2^2) + 2*log(1 + exp(2*x1 - x2))'],
  ['0.5*x1^2 + x2^2 + 0.5*sqrt(1 + (x1 + x2)^2)', '0.5*x1^2 + x2^2 + 0.5*sqrt(1 + (x1 + x2)^2)'],
  ['softplus(x1 + 0.5*x2) - softplus(x2 - x1)', 'log(1 + exp(x1 + 0.5*x2)) - log(1 + exp(x2 - x1))'],
  ['x1^2 * x2^2 + exp(0.3*x1 - 0.2*x2)', 'x1^2 * x2^2 + exp(0.3*x1 - 0.2*x2)'],
  ['tanh(x1 - x2)^2 + sigmoid(x1*x2)', 'tanh(x1 - x2)^2 + 1 / (1 + exp(-(x1*x2)))'],
  ['log(1 + (x1 - 2*x2)^2) * 0.7 + sin(x1)*cos(x2)', 'log(1 + (x1 - 2*x2)^2) * 0.7 + sin(x1)*cos(x2)'],
  ['-(softplus(3*x1 + x2)) / 4 + x1^4', '-(log(1 + exp(3*x1 + x2))) / 4 + x1^4'],
  ['(x1 + x2)^2 * softplus(x1)', '(x1 + x2)^2 * log(1 + exp(x1))'],
];

const R = Infinity;
const BOXES: Interval[][] = [
  [{ lo: -R, hi: R }, { lo: -R, hi: R }],
  [{ lo: 1, hi: R }, { lo: -R, hi: 0 }],
  [{ lo: -3, hi: -1 }, { lo: 2, hi: R }],
  [{ lo: -0.5, hi: 0.25 }, { lo: -0.1, hi: 0.6 }],
  [{ lo: 2, hi: 2.5 }, { lo: -4, hi: -3.5 }],
  [{ lo: -1, hi: 1 }, { lo: -1, hi: 1 }],
];

function pointsIn(box: Interval[]): number[][] {
  const ticks = (c: Interval): number[] => {
    const lo = c.lo === -R ? Math.min(-30, c.hi - 30) : c.lo;
    const hi = c.hi === R ? Math.max(30, lo + 30) : c.hi;
    return Array.from({ length: 5 }, (_, i) => lo + ((hi - lo) * i) / 4);
  };
  const out: number[][] = [];
  for (const a of ticks(box[0]!)) for (const b of ticks(box[1]!)) out.push([a, b]);
  return out;
}

function eigen2(a: Decimal, b: Decimal, c: Decimal): [Decimal, Decimal] {
  const mean = a.plus(c).div(2);
  const r = a.minus(c).div(2).pow(2).plus(b.pow(2)).sqrt();
  return [mean.minus(r), mean.plus(r)];
}

const slack = new D60('1e-40');

describe('curvature form of expression Hessians', () => {
  it.each(EXPRESSIONS)('%s: eigenvalue bounds contain the 60-digit eigenvalues', (source, refSource) => {
    const model: EnergyModel = { kind: 'expression', dim: 2, source };
    const ref = referenceExpression(refSource, 2);
    for (const box of BOXES) {
      const bounds = new Map<number, { minLo: number; maxHi: number }>();
      for (const T of [1, 0.3]) {
        try {
          const c = encloseCurvature(model, box);
          expect(c).not.toBeNull();
          bounds.set(T, curvatureEigenBounds(c!, T));
        } catch {
          // an enclosure that throws proves nothing and is never used
        }
      }
      for (const x of pointsIn(box)) {
        const h1 = ref.hessian.map((row) => row.map((f) => f(x)));
        if (h1.flat().some((v) => !v.isFinite())) continue;
        for (const [T, b] of bounds) {
          const h = h1.map((row) => row.map((v) => v.div(T)));
          const [lmin, lmax] = eigen2(h[0]![0]!, h[0]![1]!, h[1]![1]!);
          if (Number.isFinite(b.minLo)) expect(new D60(b.minLo).lte(lmin.plus(slack)), `${source} T=${T} at ${x}: min ${b.minLo} > ${lmin}`).toBe(true);
          if (Number.isFinite(b.maxHi)) expect(new D60(b.maxHi).gte(lmax.minus(slack)), `${source} T=${T} at ${x}: max ${b.maxHi} < ${lmax}`).toBe(true);
        }
      }
    }
  });

  it('keeps convex functions of linear forms semidefinite on the whole plane', () => {
    const whole = [{ lo: -R, hi: R }, { lo: -R, hi: R }];
    const softplus: EnergyModel = { kind: 'expression', dim: 2, source: EXPRESSIONS[0]![0] };
    // hess f = I + 2 sigmoid'(2x1 - x2) (2, -1)(2, -1)^T: m = 1, L = 1 + 2 (1/4) 5 = 3.5
    expect(boxMinEigenvalue(softplus, 1, whole)).toBeGreaterThan(1 - 1e-12);
    expect(boxMinEigenvalue(softplus, 1, whole)).toBeLessThanOrEqual(1);
    expect(boxSpectralRadius(softplus, 1, whole)).toBeLessThan(3.5 + 1e-12);
    const hyperbola: EnergyModel = { kind: 'expression', dim: 2, source: EXPRESSIONS[1]![0] };
    // hess f = diag(1, 2) + 0.5 (1 + s^2)^(-3/2) (1, 1)(1, 1)^T: m = 1, L = 2 + sqrt(1/2)
    expect(boxMinEigenvalue(hyperbola, 1, whole)).toBeGreaterThan(1 - 1e-12);
    expect(boxSpectralRadius(hyperbola, 1, whole)).toBeLessThan(2 + Math.SQRT1_2 + 1e-12);
    expect(boxSpectralRadius(hyperbola, 1, whole)).toBeGreaterThanOrEqual(2 + Math.SQRT1_2 - 1e-15);
  });

  it('combines sum models with their weights and the temperature', () => {
    const whole = [{ lo: -R, hi: R }, { lo: -R, hi: R }];
    const sum: EnergyModel = {
      kind: 'sum',
      dim: 2,
      terms: [
        { weight: 2, model: { kind: 'quadratic', dim: 2, lambda: 0.5, center: [1, -1] } },
        { weight: 0.5, model: { kind: 'expression', dim: 2, source: '4*softplus(x1 + x2)' } },
        { weight: -1, model: { kind: 'expression', dim: 2, source: 'sigmoid(x1)' } },
      ],
    };
    // hess = I + 2 sigmoid' (1,1)(1,1)^T - sigmoid'' e1 e1^T, |sigmoid''| <= 1/(6 sqrt 3) ~ 0.0962
    const m = boxMinEigenvalue(sum, 2, whole);
    expect(m).toBeGreaterThan((1 - 0.0963) / 2);
    expect(m).toBeLessThan(0.5);
  });
});
