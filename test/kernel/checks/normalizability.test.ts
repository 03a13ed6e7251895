import { describe, expect, it } from 'vitest';
import { checkInfiniteMassWitness } from '../../../src/kernel/checks/normalizability.js';
import { I, R, expr, regularizer } from './helpers.js';

describe('checkInfiniteMassWitness', () => {
  it('refutes x1 + 0.5*x2^2 on a half-strip', () => {
    const r = checkInfiniteMassWitness(expr('x1 + 0.5*x2^2'), 1, [I(-Infinity, 0), I(-0.5, 0.5)]);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.supF).toBeGreaterThanOrEqual(0.125);
  });

  it('refutes -(x1^2 + x2^2)', () => {
    expect(checkInfiniteMassWitness(expr('-(x1^2 + x2^2)'), 2, [I(0, Infinity), I(0, 1)]).ok).toBe(true);
  });

  it('rejects a bounded box (finite volume proves nothing)', () => {
    const r = checkInfiniteMassWitness(expr('x1 + 0.5*x2^2'), 1, [I(-10, 0), I(-0.5, 0.5)]);
    expect(r.ok).toBe(false);
  });

  it('rejects a zero-width coordinate (a line has no volume)', () => {
    expect(checkInfiniteMassWitness(expr('x1 + 0.5*x2^2'), 1, [I(-Infinity, 0), I(0, 0)]).ok).toBe(false);
  });

  it('never refutes a Gaussian', () => {
    for (const box of [[I(-Infinity, 0), I(-1, 1)], [R, R], [I(0, Infinity), I(0, Infinity)]]) expect(checkInfiniteMassWitness(regularizer(1), 1, box).ok).toBe(false);
  });
});
