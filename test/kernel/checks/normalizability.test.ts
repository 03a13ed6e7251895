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

describe('checkInfiniteMassWitness, concave-tail argument', () => {
  it('refutes a sum whose enclosure on the half-line is inf - inf', () => {
    const model = {
      kind: 'sum' as const,
      dim: 2,
      terms: [
        { weight: 1, model: expr('0.5*(4*x1^2 + x2^2)') },
        { weight: -3, model: expr('0.5*((x1-1)^2 + 2*(x2+1)^2)') },
      ],
    };
    const r = checkInfiniteMassWitness(model, 1, [I(-0.5, 0.5), I(0, Infinity)]);
    expect(r.ok).toBe(true);
  });

  it('does not apply where f is convex along the half-line', () => {
    expect(checkInfiniteMassWitness(expr('x1^2 + x2^2 - 100*x2'), 1, [I(-0.5, 0.5), I(0, Infinity)]).ok).toBe(false);
  });

  it('does not apply where f still increases into the tail at the face', () => {
    // x2^2 - 1.5 x2^2 + 10 x2 is concave, but df/dx2 = 10 > 0 at the face x2 = 0, so the argument's
    // hypothesis fails (and the direct enclosure is inf - inf): no witness is accepted.
    expect(checkInfiniteMassWitness(expr('x2^2 - 1.5*x2^2 + 10*x2 + x1^2'), 1, [I(-0.5, 0.5), I(0, Infinity)]).ok).toBe(false);
    // Moved past the top (x2 >= 10) the same function is refuted.
    expect(checkInfiniteMassWitness(expr('x2^2 - 1.5*x2^2 + 10*x2 + x1^2'), 1, [I(-0.5, 0.5), I(10, Infinity)]).ok).toBe(true);
  });
});
