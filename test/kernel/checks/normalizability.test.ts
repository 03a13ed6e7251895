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

describe('checkInfiniteMassWitness, concave-tail argument: the face and the signs', () => {
  const Q_UP = [I(-0.5, 0.5), I(0, Infinity)];
  const Q_DOWN = [I(-0.5, 0.5), I(-Infinity, 0)];
  // Written as x2^2 - 2 x2^2 so that the direct enclosure on the half-line is inf - inf.
  const concave = 'x2^2 - 2*x2^2';

  it('the face is the whole finite part of the box at x_i = a, not one point', () => {
    // f = -x1 x2 on [-0.5, 0.5] x [0.25, inf): sup f = inf (x1 = -0.5, x2 -> inf), so no witness may
    // be accepted. At the single point (0.25, 0.25) df/dx2 = -0.25 <= 0; on the face it is [-0.5, 0.5].
    const box = [I(-0.5, 0.5), I(0.25, Infinity)];
    const r = checkInfiniteMassWitness(expr('-x1*x2'), 1, box);
    expect(r.ok ? `accepted supF ${r.value.supF}` : r.reason).toMatch(/not bounded there/);
  });

  it('accepts df/dx_i = 0 exactly on the face (upward and downward) and d2f/dx_i^2 = 0 exactly', () => {
    for (const box of [Q_UP, Q_DOWN]) {
      const r = checkInfiniteMassWitness(expr(`${concave} + x1^2`), 1, box);
      expect(r.ok).toBe(true);
      // sup f on Q is sup x1^2 = 0.25, attained on the face.
      if (r.ok) expect(r.value.supF).toBeGreaterThanOrEqual(0.25);
    }
    // d2f/dx2^2 = 0 (linear, decreasing into the tail): still concave.
    const linear = checkInfiniteMassWitness(expr('x2^2 - x2^2 - x2 + x1^2'), 1, Q_UP);
    expect(linear.ok).toBe(true);
    if (linear.ok) expect(linear.value.supF).toBeGreaterThanOrEqual(0.25);
  });

  it('rejects a face gradient that straddles 0 (the sup over Q is then above the face)', () => {
    // f = -x2^2 + x1 x2 + x1^2: df/dx2 = x1 on the face x2 = 0, in [-0.5, 0.5]. Along x1 = +-0.5 the
    // max over x2 is 1.25 x1^2 = 0.3125 > 0.25 = sup over the face, so the face bound would be false.
    const model = expr(`${concave} + x1*x2 + x1^2`);
    for (const box of [Q_UP, Q_DOWN]) {
      const r = checkInfiniteMassWitness(model, 1, box);
      expect(r.ok ? `accepted supF ${r.value.supF}` : r.reason, JSON.stringify(box)).toMatch(/not bounded there/);
    }
    // Downward with df/dx2 = +1 >= 0 at the face is accepted; upward it is refused (f increases into Q).
    expect(checkInfiniteMassWitness(expr(`${concave} + x2 + x1^2`), 1, Q_DOWN).ok).toBe(true);
    expect(checkInfiniteMassWitness(expr(`${concave} + x2 + x1^2`), 1, Q_UP).ok).toBe(false);
    expect(checkInfiniteMassWitness(expr(`${concave} - x2 + x1^2`), 1, Q_DOWN).ok).toBe(false);
  });

  it('does not apply with two unbounded coordinates, or a whole line', () => {
    expect(checkInfiniteMassWitness(expr(`${concave} + x1^2 - x1^2`), 1, [I(0, Infinity), I(0, Infinity)]).ok).toBe(false);
    expect(checkInfiniteMassWitness(expr(`${concave} + x1^2`), 1, [I(-0.5, 0.5), R]).ok).toBe(false);
  });

  it('refuses a bad temperature and a bad box', () => {
    const reason = (r: ReturnType<typeof checkInfiniteMassWitness>) => (r.ok ? 'accepted' : r.reason);
    expect(reason(checkInfiniteMassWitness(expr('x1 + 0.5*x2^2'), 0, [I(-Infinity, 0), I(-0.5, 0.5)]))).toMatch(/^normalizability witness: temperature 0/);
    expect(reason(checkInfiniteMassWitness(expr('x1 + 0.5*x2^2'), 1, [I(-Infinity, 0)]))).toMatch(/^normalizability witness box: has 1 coordinates, expected 2/);
    expect(reason(checkInfiniteMassWitness(expr('x1 + 0.5*x2^2'), 1, [I(-Infinity, 0), I(0.5, -0.5)]))).toMatch(/^normalizability witness box\[1\]: lo 0.5 > hi -0.5/);
  });

  it('the tail argument needs exactly one unbounded coordinate, as in proofs/normalizability.md (Q = B x [a, inf), B bounded)', () => {
    // -x1^2 - x2^2 on [0, inf)^2 is bounded above, but the proof's face must be bounded: not applied.
    const r = checkInfiniteMassWitness(expr('x1^2 - 2*x1^2 - x2^2'), 1, [I(0, Infinity), I(0, Infinity)]);
    expect(r.ok ? 'accepted' : r.reason).toMatch(/not bounded there/);
  });

  it('a face value that overflows is no bound (supF = inf would prove nothing)', () => {
    // 1e308 x1 on [-4, 4] reaches 4e308, beyond the doubles: the face enclosure's hi is +inf.
    const r = checkInfiniteMassWitness(expr('x2^2 - 2*x2^2 + 1e308*x1'), 1, [I(-4, 4), I(0, Infinity)]);
    expect(r.ok ? `accepted supF ${r.value.supF}` : r.reason).toMatch(/not bounded there/);
  });
});

describe('checkInfiniteMassWitness: direct enclosure first, then the tail; unbounded faces', () => {
  it('accepts a direct bound where the tail argument does not apply (not concave)', () => {
    // f = sin(x1) + x2^2 on [0, inf) x [0, 1]: sup f = 2; d2f/dx1^2 = -sin x1 takes both signs.
    const r = checkInfiniteMassWitness(expr('sin(x1) + x2^2'), 1, [I(0, Infinity), I(0, 1)]);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.supF).toBeGreaterThanOrEqual(2);
      expect(r.value.supF).toBeLessThan(2 + 1e-12);
    }
  });

  it('the tail argument works on the first coordinate too', () => {
    const r = checkInfiniteMassWitness(expr('x1^2 - 2*x1^2 + x2^2'), 1, [I(0, Infinity), I(-0.5, 0.5)]);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.supF).toBeGreaterThanOrEqual(0.25);
  });

  it('rejects a second derivative along the tail that straddles 0', () => {
    // f = -x2^2 + x1 x2^2: d2f/dx2^2 = 2 x1 - 2 in [-3, 1] on x1 in [-0.5, 1.5]; df/dx2 = 0 on the face
    // x2 = 0, where f = 0. But for x1 > 1, f = (x1 - 1) x2^2 -> inf: sup f = inf, no witness.
    const r = checkInfiniteMassWitness(expr('x2^2 - 2*x2^2 + x1*x2^2'), 1, [I(-0.5, 1.5), I(0, Infinity)]);
    expect(r.ok ? `accepted supF ${r.value.supF}` : r.reason).toMatch(/not bounded there/);
  });

  it('rejects when f is unbounded on the face itself (1/x1 at x1 = 0)', () => {
    const r = checkInfiniteMassWitness(expr('x2^2 - 2*x2^2 + 1/x1'), 1, [I(-0.5, 0.5), I(0, Infinity)]);
    expect(r.ok ? `accepted supF ${r.value.supF}` : r.reason).toMatch(/not bounded there/);
  });
});
