// Guards of the network Taylor models that the random tests in networkTaylor.test.ts can skip: there
// a box whose Taylor enclosure comes out non-finite is passed over, so a broken layer combination
// (a wrong weight, a division for a product) that makes every form infinite went unnoticed (mutation
// testing). Here fixed networks on small boxes MUST give a finite Taylor enclosure, which must contain
// the 60-digit reference at points of the box and be tight; and withTaylorModels must return exactly
// the intersection of the two enclosures and refuse disjoint ones.
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { createFlatEnclosure, triIndex, type FlatEnclosure, type FlatNetworkEnclosure } from '../../src/kernel/network.js';
import { affineCompose, affineProduct, affineSum, compileNetworkTaylorEnclosure, createAffineForm, withTaylorModels, type AffineForm, type TaylorNetworkEnclosure } from '../../src/kernel/networkTaylor.js';
import type { MlpLayer } from '../../src/kernel/model.js';
import { dec, outside, referenceMlp } from './networkReference.js';

const layer = (inDim: number, outDim: number, w: number[], b: number[], activation: MlpLayer['activation']): MlpLayer =>
  ({ inDim, outDim, weight: Float64Array.from(w), bias: Float64Array.from(b), activation });

// 2 -> 3 -> 2 -> 1 with both signs, a zero weight and two activations, so that every layer combines
// several forms (value, Jacobian and Hessian) and the Hessian passes through two nonlinear layers.
const nets: [string, MlpLayer[]][] = [
  ['tanh', [layer(2, 3, [0.8, -0.6, 0.3, 1.1, -1.2, 0], [0.1, -0.2, 0.05], 'tanh'), layer(3, 2, [0.7, -0.4, 1.3, -0.9, 0.5, 0.6], [0.2, -0.1], 'tanh'), layer(2, 1, [1.5, -0.8], [0.3], 'identity')]],
  ['sigmoid', [layer(2, 3, [0.8, -0.6, 0.3, 1.1, -1.2, 0], [0.1, -0.2, 0.05], 'sigmoid'), layer(3, 2, [0.7, -0.4, 1.3, -0.9, 0.5, 0.6], [0.2, -0.1], 'sigmoid'), layer(2, 1, [1.5, -0.8], [0.3], 'identity')]],
];

/** Twice the measured widths (value, gradient, Hessian) on the three boxes below. */
const limits: Record<string, [number, number, number][]> = {
  tanh: [[0.1, 0.09, 0.48], [0.31, 0.43, 0.67], [0.37, 0.52, 0.92]],
  sigmoid: [[0.0053, 0.0011, 0.0024], [0.024, 0.0095, 0.0074], [0.049, 0.017, 0.0163]],
};

function taylorOn(layers: MlpLayer[], lo: number[], hi: number[]): { e: FlatEnclosure; radius: number } {
  const e = createFlatEnclosure(2);
  const radius = compileNetworkTaylorEnclosure(2, layers)(Float64Array.from(lo), Float64Array.from(hi), e);
  return { e, radius };
}

describe('network Taylor models on fixed networks (60-digit reference)', () => {
  for (const [name, layers] of nets) {
    it(`${name}: finite on boxes of width 0.02 .. 0.2, contains the exact value, gradient and Hessian at 25 points, and is tight`, () => {
      let box = 0;
      for (const [cx, cy, half] of [[0.3, -0.2, 0.01], [-0.7, 0.9, 0.05], [1.2, 0.4, 0.1]] as const) {
        const lo = [cx - half, cy - half], hi = [cx + half, cy + half];
        const { e, radius } = taylorOn(layers, lo, hi);
        expect(radius, 'the Taylor enclosure is finite on a small bounded box').toBeLessThan(Infinity);
        expect(radius).toBeGreaterThan(0);
        let worstHess = 0;
        for (let i = 0; i <= 4; i++) for (let j = 0; j <= 4; j++) {
          const x = [lo[0]! + (i / 4) * (hi[0]! - lo[0]!), lo[1]! + (j / 4) * (hi[1]! - lo[1]!)];
          const ref = referenceMlp(layers, x, false);
          const bad = [outside('value', ref.value, e.valueLo, e.valueHi)];
          for (let a = 0; a < 2; a++) bad.push(outside(`gradient[${a}]`, ref.gradient[a]!, e.gradLo[a]!, e.gradHi[a]!));
          for (let a = 0; a < 2; a++) for (let b = a; b < 2; b++) bad.push(outside(`hessian[${a}][${b}]`, ref.hessian[a]![b]!, e.hessLo[triIndex(2, a, b)]!, e.hessHi[triIndex(2, a, b)]!));
          expect(bad.filter((s) => s !== null), `at ${x}`).toEqual([]);
        }
        // Tight: twice the widths measured when this test was written (value, gradient, Hessian).
        const [wv, wg, wh] = limits[name]![box++]!;
        expect(e.valueHi - e.valueLo).toBeLessThan(wv);
        for (let a = 0; a < 2; a++) expect(e.gradHi[a]! - e.gradLo[a]!).toBeLessThan(wg);
        for (let t = 0; t < 3; t++) worstHess = Math.max(worstHess, e.hessHi[t]! - e.hessLo[t]!);
        expect(worstHess).toBeLessThan(wh);
      }
    });
  }

  it('the radius returned is the largest pre-activation half-range: it grows with the box', () => {
    const [, layers] = nets[0]!;
    const small = taylorOn(layers, [0, 0], [0.02, 0.02]).radius, large = taylorOn(layers, [0, 0], [0.2, 0.2]).radius;
    expect(small).toBeGreaterThan(0);
    expect(large).toBeGreaterThan(5 * small);
    // First layer alone: z = 0.8 x1 - 0.6 x2 + 0.1 etc.; half-range over [0, 0.2]^2 at least 0.1 (|w1| + |w2|) = 0.23 for row 2.
    expect(large).toBeGreaterThanOrEqual(0.23);
  });

  it('unbounded boxes are refused (Infinity, out untouched)', () => {
    const e = createFlatEnclosure(2);
    e.valueLo = 7;
    expect(compileNetworkTaylorEnclosure(2, nets[0]![1])(Float64Array.of(0, -Infinity), Float64Array.of(1, 1), e)).toBe(Infinity);
    expect(compileNetworkTaylorEnclosure(2, nets[0]![1])(Float64Array.of(0, 0), Float64Array.of(Infinity, 1), e)).toBe(Infinity);
    expect(e.valueLo).toBe(7);
  });
});

describe('withTaylorModels: the intersection of the interval and Taylor enclosures', () => {
  /** Stub enclosures with given ranges (value, gradient, Hessian all [lo, hi]). */
  const fixed = (lo: number, hi: number, radius: number): TaylorNetworkEnclosure => (_l, _h, out) => {
    out.valueLo = lo; out.valueHi = hi; out.gradLo.fill(lo); out.gradHi.fill(hi); out.hessLo.fill(lo); out.hessHi.fill(hi);
    return radius;
  };
  const inner = (lo: number, hi: number): FlatNetworkEnclosure => (_l, _h, out) => { void fixed(lo, hi, 0)(_l, _h, out); };
  const run = (fn: FlatNetworkEnclosure, lo = [0, 0], hi = [1, 1]): FlatEnclosure => {
    const e = createFlatEnclosure(2);
    fn(Float64Array.from(lo), Float64Array.from(hi), e);
    return e;
  };
  const all = (e: FlatEnclosure): number[][] => [[e.valueLo, e.valueHi], ...[0, 1].map((a) => [e.gradLo[a]!, e.gradHi[a]!]), ...[0, 1, 2].map((t) => [e.hessLo[t]!, e.hessHi[t]!])];

  it('every entry is [max of the lower ends, min of the upper ends] when the Taylor radius is large', () => {
    expect(all(run(withTaylorModels(2, inner(-1, 2), fixed(0, 3, 1))))).toEqual(Array(6).fill([0, 2]));
    expect(all(run(withTaylorModels(2, inner(0, 3), fixed(-1, 2, 1))))).toEqual(Array(6).fill([0, 2]));
  });

  it('a small radius takes the Taylor models alone, unless taylorAlone is false', () => {
    expect(all(run(withTaylorModels(2, inner(-1, 2), fixed(0, 3, 0.1))))).toEqual(Array(6).fill([0, 3]));
    expect(all(run(withTaylorModels(2, inner(-1, 2), fixed(0, 3, 0.1), { taylorAlone: false })))).toEqual(Array(6).fill([0, 2]));
  });

  it('a point box uses the interval enclosure alone; a non-finite Taylor result leaves it as is', () => {
    expect(all(run(withTaylorModels(2, inner(-1, 2), fixed(0, 3, 0.1)), [0.5, 0.5], [0.5, 0.5]))).toEqual(Array(6).fill([-1, 2]));
    expect(all(run(withTaylorModels(2, inner(-1, 2), fixed(0, 3, Infinity))))).toEqual(Array(6).fill([-1, 2]));
  });

  it('disjoint enclosures are an error, named by the part (value, gradient, Hessian), not silently empty', () => {
    expect(() => run(withTaylorModels(2, inner(-1, 0), fixed(1, 2, 1)))).toThrow(/Taylor-model and interval value enclosures are disjoint/);
    const gradOnly: TaylorNetworkEnclosure = (l, h, out) => { fixed(-1, 0, 1)(l, h, out); out.gradLo.fill(5); out.gradHi.fill(6); return 1; };
    expect(() => run(withTaylorModels(2, inner(-1, 0), gradOnly))).toThrow(/gradient enclosures are disjoint/);
    const hessOnly: TaylorNetworkEnclosure = (l, h, out) => { fixed(-1, 0, 1)(l, h, out); out.hessLo[2] = 5; out.hessHi[2] = 6; return 1; };
    expect(() => run(withTaylorModels(2, inner(-1, 0), hessOnly))).toThrow(/Hessian enclosures are disjoint/);
    // Touching enclosures meet in a point: not an error.
    expect(all(run(withTaylorModels(2, inner(-1, 0), fixed(0, 2, 1))))).toEqual(Array(6).fill([0, 0]));
  });

  it('the reference value lies in the intersection for a real network (both enclosures sound)', () => {
    const [, layers] = nets[0]!;
    const e = taylorOn(layers, [0.2, 0.3], [0.25, 0.35]).e;
    const ref = referenceMlp(layers, [0.22, 0.31], false);
    expect(dec(e.valueLo).lte(ref.value) && dec(e.valueHi).gte(ref.value)).toBe(true);
  });
});

describe('affine-form primitives: the rounding terms of the remainder (the other terms vanish)', () => {
  // With one factor constant (no linear part, no remainder) the only error of A * B and A + B is the
  // rounding of c and g: the remainder must cover it at every corner of the box (60-digit check).
  const D60 = Decimal.clone({ precision: 80 });
  const x = (v: number): Decimal => new D60(dec(v).toString());
  const form = (c: number, g: number[], r = 0): AffineForm => { const f = createAffineForm(g.length); f.c = c; f.g.set(g); f.r = r; return f; };
  const corners = (rho: Float64Array): number[][] => [[-rho[0]!, -rho[1]!], [-rho[0]!, rho[1]!], [rho[0]!, -rho[1]!], [rho[0]!, rho[1]!]];
  const residual = (exact: (delta: number[]) => Decimal, f: AffineForm, delta: number[]): Decimal =>
    exact(delta).minus(x(f.c)).minus(x(f.g[0]!).times(x(delta[0]!))).minus(x(f.g[1]!).times(x(delta[1]!))).abs();
  const inexact = fc.double({ min: 0.1, max: 10, noNaN: true }).chain((v) => fc.constantFrom(v, -v));

  it('product with a constant factor: the rounding of c = cA cB and of g = cB gA is covered', () => {
    let rounded = 0;
    fc.assert(
      fc.property(inexact, inexact, inexact, inexact, fc.constantFrom(0.5, 1, 3), (cA, cB, g0, g1, rh) => {
        const rho = Float64Array.of(rh, rh);
        for (const [A, B] of [[form(cA, [g0, g1]), form(cB, [0, 0])], [form(cB, [0, 0]), form(cA, [g0, g1])]] as const) {
          const out = createAffineForm(2);
          affineProduct(A, B, rho, out);
          const exact = (dl: number[]) => x(A.c).plus(x(A.g[0]!).times(x(dl[0]!))).plus(x(A.g[1]!).times(x(dl[1]!)))
            .times(x(B.c).plus(x(B.g[0]!).times(x(dl[0]!))).plus(x(B.g[1]!).times(x(dl[1]!))));
          for (const dl of corners(rho)) {
            const res = residual(exact, out, dl);
            if (!res.isZero()) rounded++;
            expect(res.lte(x(out.r)), `A = ${A.c}, ${A.g}; B = ${B.c}; delta = ${dl}`).toBe(true);
          }
        }
      }),
      { numRuns: 300, seed: 31 },
    );
    expect(rounded).toBeGreaterThan(500);
  });

  it('product whose centre underflows: the remainder covers the lost 2^-1100', () => {
    const out = createAffineForm(2);
    affineProduct(form(3 * 2 ** -600, [0, 0]), form(5 * 2 ** -500, [0, 0]), Float64Array.of(1, 1), out);
    expect(x(out.r).gte(new D60(15).times(new D60(2).pow(-1100)).minus(x(out.c)).abs())).toBe(true);
    expect(out.r).toBeGreaterThan(0);
  });

  it('sum: the rounding of c = cA + cB and of g = gA + gB is covered', () => {
    fc.assert(
      fc.property(inexact, inexact, inexact, inexact, fc.constantFrom(0.5, 1, 3), (cA, cB, g0, g1, rh) => {
        const rho = Float64Array.of(rh, rh);
        const A = form(cA, [g0, 0]), B = form(cB, [g1, 0]);
        const out = createAffineForm(2);
        affineSum(A, B, rho, out);
        const exact = (dl: number[]) => x(cA).plus(x(cB)).plus(x(g0).plus(x(g1)).times(x(dl[0]!)));
        for (const dl of corners(rho)) expect(residual(exact, out, dl).lte(x(out.r))).toBe(true);
      }),
      { numRuns: 300, seed: 32 },
    );
  });
});

describe('affineCompose, mean-value remainder: the slope error is max |[phi\'(hull)] - s| over both ends', () => {
  it('phi = 0.9 z - 0.8 z^3 on z = delta_1 in [-1, 1]: phi\'(0) = 0.9, phi\' on the hull in [-1.5, 0.9]; the residual 0.8 at |z| = 1 is covered', () => {
    const z = createAffineForm(2); z.c = 0; z.g.set([1, 0]); z.r = 0;
    const out = createAffineForm(2);
    affineCompose(z, 1, { valueAtC: { lo: 0, hi: 0 }, slopeAtC: { lo: 0.9, hi: 0.9 }, slopeOnHull: { lo: -1.5, hi: 0.9 }, curvatureOnHull: null }, Float64Array.of(1, 1), out);
    for (const t of [-1, -0.5, 0.5, 1]) {
      const exact = 0.9 * t - 0.8 * t ** 3; // exact in doubles at these points up to 1e-16
      const lin = out.c + out.g[0]! * t;
      expect(Math.abs(exact - lin)).toBeLessThanOrEqual(out.r);
    }
    // The bound is the mean-value one, 2.4 = |-1.5 - 0.9| (not |-1.5 + 0.9| = 0.6).
    expect(out.r).toBeGreaterThanOrEqual(2.4);
    expect(out.r).toBeLessThan(2.4 + 1e-12);
  });

  it('the upper end of the hull decides when s is negative: phi\'(hull) = [-0.3, 1], s = -0.3 gives |1 - (-0.3)| = 1.3', () => {
    const z = createAffineForm(2); z.c = 0; z.g.set([1, 0]); z.r = 0;
    const out = createAffineForm(2);
    affineCompose(z, 1, { valueAtC: { lo: 0, hi: 0 }, slopeAtC: { lo: -0.3, hi: -0.3 }, slopeOnHull: { lo: -0.3, hi: 1 }, curvatureOnHull: null }, Float64Array.of(1, 1), out);
    expect(out.r).toBeGreaterThanOrEqual(1.3);
    expect(out.r).toBeLessThan(1.3 + 1e-12);
  });
});
