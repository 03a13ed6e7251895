import { describe, expect, it } from 'vitest';
import { enclosePotential, hasNaN, tryEnclose, validTemperature } from '../../../src/kernel/checks/common.js';
import { D60, d60, encloses } from '../intervalReference.js';
import { I, expr } from './helpers.js';

describe('checks/common', () => {
  it('enclosePotential divides value, gradient and Hessian by T (60 digits)', () => {
    // E = x1^2 x2 + 3 x2 at (1.5, -0.5): E = -2.625, grad = (2 x1 x2, x1^2 + 3) = (-1.5, 5.25),
    // hess = [[2 x2, 2 x1], [2 x1, 0]] = [[-1, 3], [3, 0]].
    const T = 0.7;
    const e = enclosePotential(expr('x1^2*x2 + 3*x2'), T, [I(1.5, 1.5), I(-0.5, -0.5)]);
    const t = d60(T);
    expect(encloses(e.value, new D60(-2.625).div(t))).toBe(true);
    expect(encloses(e.gradient[0]!, new D60(-1.5).div(t))).toBe(true);
    expect(encloses(e.gradient[1]!, new D60(5.25).div(t))).toBe(true);
    const h = [[-1, 3], [3, 0]];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(encloses(e.hessian[i]![j]!, new D60(h[i]![j]!).div(t))).toBe(true);
    for (const x of [e.value, ...e.gradient, e.hessian[0]![1]!]) expect(x.hi - x.lo).toBeLessThan(1e-14);
  });

  it('validTemperature accepts positive finite numbers only', () => {
    expect(validTemperature(0.7)).toBeUndefined();
    expect(validTemperature(Number.MIN_VALUE)).toBeUndefined();
    for (const t of [0, -0.5, Infinity, Number.NaN, -Infinity]) expect(validTemperature(t)).toMatch(/must be a positive finite number/);
  });

  it('hasNaN looks at both ends', () => {
    expect(hasNaN(I(0, 1))).toBe(false);
    expect(hasNaN(I(Number.NaN, 1))).toBe(true);
    expect(hasNaN(I(0, Number.NaN))).toBe(true);
  });

  it('tryEnclose returns the value or undefined when the enclosure throws', () => {
    expect(tryEnclose(() => 3)).toBe(3);
    expect(
      tryEnclose(() => {
        throw new Error('domain');
      }),
    ).toBeUndefined();
  });
});
