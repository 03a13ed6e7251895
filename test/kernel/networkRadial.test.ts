// The radial derivative (x - c) . grad E over boxes and far-field cones (src/kernel/networkRadial.ts,
// proofs/lyapunov-tail.md section 3): at points of random boxes and cones the exact value (60-digit
// decimal reference network) lies in the enclosure; z sigma'(z) over the whole line is [-p*, p*] with
// p* the maximum found by 60-digit bisection, the upper end at or above it (an enclosure that rounded
// to nearest would sit below p* half the time and fail) and within 2^-40 relative; the quadratic's r^2 and r
// coefficients in closed form.
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { compileRadial, firstLayerTangent, radialCriticalPoints, radialFactorRange } from '../../src/kernel/networkRadial.js';
import type { EnergyModel } from '../../src/kernel/model.js';
import { boxArb, coneArb, networkArb } from './networkArbitraries.js';
import { dec, outside, referenceMlp, type Dec } from './networkReference.js';

const D60 = Decimal.clone({ precision: 60 });

/** (x - c) . grad N at x, exactly up to the reference's 60 digits. */
function radialReference(layers: Parameters<typeof referenceMlp>[0], x: number[], c: readonly number[]): Dec {
  const g = referenceMlp(layers, x, false).gradient;
  return g.reduce((acc: Dec, gj, j) => acc.plus(dec(x[j]!).minus(dec(c[j]!)).times(gj)), dec(0));
}

describe('radial enclosure of a network (60-digit decimal reference)', () => {
  it('random networks, random cones: (x - c) . grad N at points of the cone lies in A0', () => {
    let tested = 0;
    fc.assert(
      fc.property(networkArb().chain((net) => fc.tuple(fc.constant(net), coneArb(net.dim))), ([net, { cone, points }]) => {
        const e = compileRadial({ kind: 'mlp', dim: net.dim, layers: net.layers }).cone(cone);
        expect(e.r2).toEqual({ lo: 0, hi: 0 });
        expect(e.r1).toEqual({ lo: 0, hi: 0 });
        for (const x of points) {
          tested++;
          const bad = outside('radial', radialReference(net.layers, x, Array.from(cone.center)), e.r0.lo, e.r0.hi);
          if (bad) throw new Error(`at x = ${JSON.stringify(x)}, c = ${Array.from(cone.center)}: ${bad}`);
        }
      }),
      { numRuns: 150, seed: 2718 },
    );
    expect(tested).toBeGreaterThan(400);
  });

  it('random networks, random boxes (some unbounded) and centres: the value at points of the box lies in the enclosure', () => {
    fc.assert(
      fc.property(
        networkArb().chain((net) => fc.tuple(fc.constant(net), boxArb(net.dim), fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: net.dim, maxLength: net.dim }))),
        ([net, box, c]) => {
          const e = compileRadial({ kind: 'mlp', dim: net.dim, layers: net.layers }).box(box.lo.map((lo, j) => ({ lo, hi: box.hi[j]! })), c);
          for (const x of box.points) {
            const bad = outside('radial', radialReference(net.layers, x, c), e.lo, e.hi);
            if (bad) throw new Error(`at x = ${JSON.stringify(x)}: ${bad}`);
          }
        },
      ),
      { numRuns: 200, seed: 2719 },
    );
  });

  it('a tanh first layer keeps the cone enclosure bounded; an identity first layer does not', () => {
    const layer = (activation: 'tanh' | 'identity') => ({ inDim: 2, outDim: 1, weight: Float64Array.of(1, 0.5), bias: Float64Array.of(0.3), activation });
    const out = { inDim: 1, outDim: 1, weight: Float64Array.of(2), bias: Float64Array.of(0), activation: 'identity' as const };
    const cone = { center: Float64Array.of(0, 0), radius: 4, uLo: Float64Array.of(1, -1), uHi: Float64Array.of(1, 1) };
    const tanh = compileRadial({ kind: 'mlp', dim: 2, layers: [layer('tanh'), out] }).cone(cone).r0;
    expect(Number.isFinite(tanh.lo) && Number.isFinite(tanh.hi)).toBe(true);
    const linear = compileRadial({ kind: 'mlp', dim: 2, layers: [layer('identity'), out] }).cone(cone).r0;
    expect(linear.hi).toBe(Infinity);
  });
});

/** z*: the root of 1 - s z tanh(s z / 2) on (0, 3) by bisection, in 60 digits. */
function radialRoot(s: number): Decimal {
  let lo = new D60(0.1), hi = new D60(3);
  const sign = (z: Decimal): Decimal => new D60(1).minus(z.times(s).times(z.times(s).div(2).tanh()));
  for (let i = 0; i < 200; i++) {
    const mid = lo.plus(hi).div(2);
    if (sign(mid).gt(0)) lo = mid; else hi = mid;
  }
  return lo;
}

/** max over z of z sigma'(z). */
function radialMaximum(s: number, d1: (z: Decimal) => Decimal): Decimal {
  const z = radialRoot(s);
  return z.times(d1(z));
}

describe('z sigma\'(z) over intervals (proofs/lyapunov-tail.md section 3)', () => {
  const cases = [
    { act: 'tanh' as const, s: 2, d1: (z: Decimal) => new D60(1).minus(z.tanh().pow(2)), at: 0.77 },
    { act: 'sigmoid' as const, s: 1, d1: (z: Decimal) => { const e = z.neg().exp(); return e.div(e.plus(1).pow(2)); }, at: 1.54 },
  ];
  for (const { act, s, d1, at } of cases) {
    it(`${act}: the whole line gives [-p*, p*], p* ~ ${at} ${act}'(${at}), upper end within 2^-40 relative`, () => {
      const p = radialMaximum(s, d1);
      const r = radialFactorRange(act, { lo: -Infinity, hi: Infinity })!;
      expect(dec(r.hi).gte(p)).toBe(true);
      expect(dec(r.lo).lte(p.neg())).toBe(true);
      // Measured 670 (tanh) and 519 (sigmoid) ulps above p*: the critical points are enclosed in c +- 2^-44 c.
      expect(dec(r.hi).minus(p).lte(p.times(2 ** -40))).toBe(true);
      // A half-line past z* reaches p* only at its end; the limit 0 at infinity closes it.
      const tail = radialFactorRange(act, { lo: 5, hi: Infinity })!;
      expect(tail.lo).toBeLessThanOrEqual(0);
      expect(tail.hi).toBeLessThan(r.hi);
      expect(dec(tail.hi).gte(new D60(5).times(d1(new D60(5))))).toBe(true);
    });
  }
  it('the critical points: two tiny intervals around -z* and z* (60-digit roots), nothing else', () => {
    for (const [act, s] of [['tanh', 2], ['sigmoid', 1]] as const) {
      const z = radialRoot(s);
      const c = radialCriticalPoints(act);
      expect(c).toHaveLength(2);
      expect(dec(c[1]!.lo).lte(z) && dec(c[1]!.hi).gte(z)).toBe(true);
      expect(dec(c[0]!.lo).lte(z.neg()) && dec(c[0]!.hi).gte(z.neg())).toBe(true);
      expect(c[1]!.hi - c[1]!.lo).toBeLessThan(1e-12);
    }
  });
  it('softplus has no bounded factor: the tangent falls back to the interval product', () => {
    expect(radialFactorRange('softplus', { lo: 0, hi: 1 })).toBeUndefined();
    const t = firstLayerTangent('softplus', { lo: 0, hi: Infinity }, { lo: 0, hi: 0 });
    expect(t.hi).toBe(Infinity);
  });
  it('(z - a) tanh\'(z) over the line with a = 2: within [-p* - 2, p* + 2] and containing sampled values', () => {
    const t = firstLayerTangent('tanh', { lo: -Infinity, hi: Infinity }, { lo: 2, hi: 2 });
    for (let z = -6; z <= 6; z += 0.01) {
      const v = (z - 2) / Math.cosh(z) ** 2;
      expect(v).toBeGreaterThanOrEqual(t.lo);
      expect(v).toBeLessThanOrEqual(t.hi);
    }
    expect(t.hi).toBeLessThan(2.5);
  });
});

describe('quadratic terms in closed form', () => {
  const model: EnergyModel = { kind: 'quadratic', dim: 2, lambda: 0.5, center: [1, -1] };
  it('a cone with apex c: A2 = lambda |u|^2 over the patch, A1 = lambda u . (c - q)', () => {
    const cone = { center: Float64Array.of(0, 0), radius: 2, uLo: Float64Array.of(1, -0.5), uHi: Float64Array.of(1, 0.25) };
    const e = compileRadial(model).cone(cone);
    expect(e.r2).toEqual({ lo: 0.5, hi: 0.5 * 1.25 });
    // u . (c - q) = -u1 + u2 over u1 = 1, u2 in [-0.5, 0.25]: [-1.5, -0.75].
    expect(e.r1).toEqual({ lo: -0.75, hi: -0.375 });
    expect(e.r0).toEqual({ lo: 0, hi: 0 });
  });
  it('a box: lambda (|x - c|^2 + (x - c) . (c - q)) over the box contains every corner\'s value', () => {
    const box = [{ lo: 0, hi: 1 }, { lo: 2, hi: 3 }];
    const c = [0.5, 0];
    const e = compileRadial(model).box(box, c);
    for (const x of [[0, 2], [1, 3], [0.5, 2.5], [1, 2]]) {
      const v = 0.5 * ((x[0]! - 0.5) * (x[0]! - 1) + x[1]! * (x[1]! + 1));
      expect(v).toBeGreaterThanOrEqual(e.lo);
      expect(v).toBeLessThanOrEqual(e.hi);
    }
  });
  it('a weighted sum scales each coefficient; expressions are refused', () => {
    const sum: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 2, model }] };
    const cone = { center: Float64Array.of(0, 0), radius: 2, uLo: Float64Array.of(1, -0.5), uHi: Float64Array.of(1, 0.25) };
    expect(compileRadial(sum).cone(cone).r2).toEqual({ lo: 1, hi: 1.25 });
    // On a box: twice the term's enclosure ([0, 1] x [2, 3] with c = (0.5, 0)).
    const box = [{ lo: 0, hi: 1 }, { lo: 2, hi: 3 }];
    const one = compileRadial(model).box(box, [0.5, 0]), two = compileRadial(sum).box(box, [0.5, 0]);
    expect(two).toEqual({ lo: 2 * one.lo, hi: 2 * one.hi });
    expect(() => compileRadial({ kind: 'sum', dim: 2, terms: [{ weight: 1, model: { ...model, dim: 3, center: [0, 0, 0] } }] })).toThrow('sum model: a term has dimension 3, expected 2');
    expect(() => compileRadial({ kind: 'sum', dim: 2, terms: [{ weight: Infinity, model }] })).toThrow('sum model: weight Infinity is not finite');
    expect(() => compileRadial({ kind: 'expression', dim: 2, source: 'x1^2' })).toThrow(/networks and quadratics only/);
  });
});
