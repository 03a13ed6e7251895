// coneSpectralRadius: max |eig(hess E / T)| over a far-field cone, against closed forms in 60-digit
// decimals (never below the exact supremum over the cone, and tight where the enclosure is exact), at
// T != 1 so that dividing by T is not confused with multiplying, with the largest eigenvalue in size
// negative in one case and positive in another, and Infinity when the cone proves nothing.
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { coneSpectralRadius } from '../../../src/kernel/checks/coneSmoothness.js';
import type { FarField } from '../../../src/kernel/checks/farField.js';
import type { EnergyModel } from '../../../src/kernel/model.js';

const D = Decimal.clone({ precision: 60 });
const I = (lo: number, hi: number) => ({ lo, hi });
const expr = (source: string): EnergyModel => ({ kind: 'expression', dim: 2, source });
const far: FarField = { center: [0, 0], radius: 4, patches: [] };
const rightFace = [I(1, 1), I(-1, 1)];

function tight(got: number, exact: Decimal, rel = 1e-14): void {
  expect(new D(got).gte(exact), `${got} >= ${exact.toString()}`).toBe(true);
  expect(new D(got).lte(exact.times(1 + rel)), `${got} close to ${exact.toString()}`).toBe(true);
}

describe('coneSpectralRadius', () => {
  it('a constant Hessian: |eig| / T, the largest in size negative (-1/3) or positive (0.6/3)', () => {
    tight(coneSpectralRadius(expr('-0.5*x1^2 + 0.1*x2^2'), 3, far, rightFace), new D(1).div(3));
    tight(coneSpectralRadius(expr('0.05*x1^2 + 0.3*x2^2'), 3, far, rightFace), new D('0.6').div(3));
    tight(coneSpectralRadius({ kind: 'quadratic', dim: 2, lambda: 0.1, center: [0, 0] }, 3, far, rightFace), new D(0.1).div(3));
    // T < 1: dividing by T makes it larger.
    tight(coneSpectralRadius(expr('-0.5*x1^2 + 0.1*x2^2'), 0.25, far, rightFace), new D(4));
  });

  it('log(x1) on the face x1 = +1 (x1 >= 4): |-1/x1^2| <= 1/16, attained at x1 = 4', () => {
    const r = coneSpectralRadius(expr('log(x1)'), 1, far, rightFace);
    expect(r).toBeGreaterThanOrEqual(1 / 16);
    expect(r).toBeLessThan(1 / 16 + 1e-12);
  });

  it('a saturating tanh network: at least the exact supremum 2 |tanh\'\'(R)| / T over the cone, and close to it', () => {
    // E = tanh(x1 + x2), cone { r (1, u2) : r >= 5, u2 in [0, 1] }: z = x1 + x2 >= 5, hess E = tanh''(z) w w^T, |w|^2 = 2.
    const net: EnergyModel = { kind: 'mlp', dim: 2, layers: [
      { inDim: 2, outDim: 1, weight: Float64Array.of(1, 1), bias: Float64Array.of(0), activation: 'tanh' },
      { inDim: 1, outDim: 1, weight: Float64Array.of(1), bias: Float64Array.of(0), activation: 'identity' },
    ] };
    const th = D.tanh(5), second = th.times(2).times(new D(1).minus(th.times(th))); // |tanh''(5)|
    const exact = second.times(2).div(0.5);
    const r = coneSpectralRadius(net, 0.5, { center: [0, 0], radius: 5, patches: [] }, [I(1, 1), I(0, 1)]);
    expect(new D(r).gte(exact)).toBe(true);
    expect(new D(r).lte(exact.times(1.01))).toBe(true);
    // The same model again (compiled once, cached) and another model on the same cone: each its own bound.
    expect(coneSpectralRadius(net, 0.5, { center: [0, 0], radius: 5, patches: [] }, [I(1, 1), I(0, 1)])).toBe(r);
    tight(coneSpectralRadius(expr('-0.5*x1^2 + 0.1*x2^2'), 0.5, { center: [0, 0], radius: 5, patches: [] }, [I(1, 1), I(0, 1)]), new D(2));
    // A patch the hyperplane x1 + x2 = 0 crosses keeps max |tanh''| = 4 / (3 sqrt 3): 2 * 0.7698 / 0.5.
    const crossing = coneSpectralRadius(net, 0.5, { center: [0, 0], radius: 5, patches: [] }, [I(1, 1), I(-1, 0)]);
    expect(new D(crossing).gte(new D(4).div(new D(3).times(D.sqrt(3))).times(4))).toBe(true);
  });

  it('Infinity when the Hessian is unbounded on the cone or cannot be enclosed', () => {
    expect(coneSpectralRadius(expr('x1^4'), 1, far, rightFace)).toBe(Infinity);
    expect(coneSpectralRadius(expr('log(x1)'), 1, far, [I(-1, -1), I(-1, 1)])).toBe(Infinity);
  });
});
